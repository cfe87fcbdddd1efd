package io.augflow.jobs.faults;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.security.AccessControlException;

/**
 * The local disk under the scheme {@code faulty://}, with three faults to switch on: a disk that fills up after a
 * number of bytes (every later write throws {@code IOException("No space left on device")}, the words Linux uses),
 * a read-only file system (creating files or folders and renaming throw {@link AccessControlException}, as HDFS
 * does without permission, whoever runs the test, root included), and a buggy client (looking up a file throws an
 * unchecked exception, as a bug would: what the CLI must report as unexpected, with its stack trace).
 *
 * <p>Registered with {@code fs.faulty.impl} (and the cache off, so a switch applies to new instances); the state is
 * static because Spark's executors in {@code local[N]} run in this JVM and create their own instances.
 */
public class FaultyFileSystem extends RawLocalFileSystem {
    public static final String SCHEME = "faulty";
    private static final URI NAME = URI.create(SCHEME + ":///");
    private static final AtomicLong BYTES_LEFT = new AtomicLong(Long.MAX_VALUE);
    private static volatile boolean readOnly;
    private static volatile boolean buggy;

    /** Makes {@code faulty://} paths resolve to this file system in {@code conf}. */
    public static void register(Configuration conf) {
        conf.set("fs." + SCHEME + ".impl", FaultyFileSystem.class.getName());
        conf.setBoolean("fs." + SCHEME + ".impl.disable.cache", true);
    }

    /** {@code faulty:///abs/path} for a local path. */
    public static String uri(Path local) {
        return SCHEME + "://" + local.toAbsolutePath();
    }

    /** From now on, writes fail once {@code bytes} more bytes have been written (over all files). */
    public static void diskFullAfter(long bytes) {
        BYTES_LEFT.set(bytes);
        readOnly = false;
    }

    public static void readOnly() {
        BYTES_LEFT.set(Long.MAX_VALUE);
        readOnly = true;
    }

    /** From now on, every look-up of a file (its status, whether it exists) throws {@link IllegalStateException}. */
    public static void buggy() {
        healthy();
        buggy = true;
    }

    public static void healthy() {
        BYTES_LEFT.set(Long.MAX_VALUE);
        readOnly = false;
        buggy = false;
    }

    @Override
    public URI getUri() {
        return NAME;
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileStatus getFileStatus(org.apache.hadoop.fs.Path f) throws IOException {
        failIfBuggy(f);
        return super.getFileStatus(f);
    }

    @Override
    public boolean exists(org.apache.hadoop.fs.Path f) throws IOException {
        failIfBuggy(f); // RawLocalFileSystem answers exists() without getFileStatus()
        return super.exists(f);
    }

    private static void failIfBuggy(org.apache.hadoop.fs.Path f) {
        if (buggy) {
            throw new IllegalStateException("injected bug: the file system client broke looking up " + f);
        }
    }

    @Override
    protected OutputStream createOutputStream(org.apache.hadoop.fs.Path f, boolean append) throws IOException {
        refuseIfReadOnly(f);
        return new Metered(super.createOutputStream(f, append));
    }

    @Override
    protected OutputStream createOutputStreamWithMode(org.apache.hadoop.fs.Path f, boolean append,
            FsPermission permission) throws IOException {
        refuseIfReadOnly(f);
        return new Metered(super.createOutputStreamWithMode(f, append, permission));
    }

    @Override
    public boolean mkdirs(org.apache.hadoop.fs.Path f) throws IOException {
        if (readOnly && !isDirectory(f)) {
            refuseIfReadOnly(f);
        }
        return super.mkdirs(f);
    }

    @Override
    public boolean mkdirs(org.apache.hadoop.fs.Path f, FsPermission permission) throws IOException {
        if (readOnly && !isDirectory(f)) {
            refuseIfReadOnly(f);
        }
        return super.mkdirs(f, permission);
    }

    @Override
    public boolean rename(org.apache.hadoop.fs.Path src, org.apache.hadoop.fs.Path dst) throws IOException {
        refuseIfReadOnly(dst);
        return super.rename(src, dst);
    }

    private static void refuseIfReadOnly(org.apache.hadoop.fs.Path f) throws AccessControlException {
        if (readOnly) {
            throw new AccessControlException("Permission denied: " + f + " (read-only file system)");
        }
    }

    /** Counts bytes against the disk's space. */
    private static final class Metered extends FilterOutputStream {
        Metered(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            charge(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            charge(len);
            out.write(b, off, len);
        }

        private static void charge(int bytes) throws IOException {
            if (BYTES_LEFT.addAndGet(-bytes) < 0) {
                BYTES_LEFT.set(-1);
                throw new IOException("No space left on device");
            }
        }
    }
}
