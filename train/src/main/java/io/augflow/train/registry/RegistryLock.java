package io.augflow.train.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.Path;

/**
 * The registry's run lock, {@code <root>/_lock}: held by one process at a time (a retrain, a promotion) so
 * two of them never interleave their reads and writes of the registry. Taking it never waits: a held lock
 * fails at once with {@link RegistryLockedException}. The lock does not expire; a crashed holder leaves the
 * file behind, and the exception says which file to delete once that process is known to be gone.
 * {@link #close()} releases it (only if it is still this holder's).
 */
public final class RegistryLock implements AutoCloseable {
    private final ExclusiveFiles files;
    private final Path file;
    private final LockHolder holder;
    private boolean released;

    private RegistryLock(ExclusiveFiles files, Path file, LockHolder holder) {
        this.files = files;
        this.file = file;
        this.holder = holder;
    }

    static RegistryLock acquire(ExclusiveFiles files, Path file, String purpose, String root) {
        if (purpose == null || purpose.isBlank()) {
            throw new IllegalArgumentException("the lock purpose must be set, got \"" + purpose + "\"");
        }
        LockHolder me = LockHolder.ofThisProcess(purpose);
        try {
            if (files.createNew(file, RegistryJson.write(me))) {
                return new RegistryLock(files, file, me);
            }
            throw new RegistryLockedException("model registry " + root + " is locked by " + heldBy(files, file)
                    + "; if that process is gone, delete " + file + " and retry");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take the registry lock " + file, e);
        }
    }

    private static String heldBy(ExclusiveFiles files, Path file) {
        try {
            return RegistryJson.read(files.read(file), LockHolder.class).describe();
        } catch (IOException | RuntimeException e) {
            return "an unknown holder (" + file + " is unreadable: " + e.getMessage() + ")";
        }
    }

    /** Who holds this lock, e.g. {@code 'retrain' (user ann, host h1, pid 4242) since ...}. */
    public String holder() {
        return holder.describe();
    }

    /** The lock file. */
    public String path() {
        return file.toString();
    }

    /** Deletes the lock file if it is still this holder's; idempotent. */
    @Override
    public synchronized void close() {
        if (released) {
            return;
        }
        released = true;
        try {
            LockHolder current = RegistryJson.read(files.read(file), LockHolder.class);
            if (holder.token().equals(current.token())) {
                files.fs().delete(file, false);
            }
        } catch (java.io.FileNotFoundException e) {
            // already removed by hand
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the registry lock " + file, e);
        }
    }
}
