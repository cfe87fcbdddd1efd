package io.augflow.pipeline.dataset;

import io.augflow.pipeline.output.OutputPreflight;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A folder that appears complete or not at all: the content is written into a hidden sibling
 * ({@code .<name>.tmp-<uuid>}, same file system so the final step is a rename, not a copy) and renamed into place.
 * An existing target is replaced only with {@code overwrite}, and only after the new content is complete: it is
 * first renamed aside ({@code .<name>.old-<uuid>}), then deleted. On object stores whose rename is a copy this is
 * still all-or-nothing from a reader's point of view, but not fast.
 */
public final class AtomicOutput {
    private final FileSystem fs;
    private final Path target;
    private final Path temp;
    private final boolean overwrite;

    public AtomicOutput(String target, boolean overwrite, Configuration hadoop) {
        try {
            Path t = new Path(target);
            this.fs = t.getFileSystem(hadoop);
            this.target = fs.makeQualified(t);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the file system of " + target, e);
        }
        this.temp = new Path(this.target.getParent(), "." + this.target.getName() + ".tmp-" + UUID.randomUUID());
        this.overwrite = overwrite;
    }

    public Path target() {
        return target;
    }

    /** Where to write; renamed to {@link #target()} by {@link #commit()}. */
    public String temp() {
        return temp.toString();
    }

    /**
     * Fails early, before any work, when the target exists and may not be replaced ({@link IllegalArgumentException})
     * or when its folder is not writable ({@link io.augflow.pipeline.output.OutputWriteException}).
     */
    public void checkTarget() {
        checkNotExisting();
        OutputPreflight.checkWritableParent(target, fs);
    }

    private void checkNotExisting() {
        if (!overwrite && exists(target)) {
            throw new IllegalArgumentException(target + " already exists; remove it or set overwrite=true to replace it");
        }
    }

    public void commit() {
        try {
            Path old = null;
            if (fs.exists(target)) {
                checkNotExisting();
                old = new Path(target.getParent(), "." + target.getName() + ".old-" + UUID.randomUUID());
                rename(target, old);
            }
            rename(temp, target);
            if (old != null) {
                fs.delete(old, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + temp + " to " + target, e);
        }
    }

    /** Removes the temporary folder if it is still there (after a failure). */
    public void abort() {
        try {
            if (fs.exists(temp)) {
                fs.delete(temp, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + temp, e);
        }
    }

    private void rename(Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("rename " + from + " -> " + to + " failed");
        }
    }

    private boolean exists(Path p) {
        try {
            return fs.exists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + p, e);
        }
    }
}
