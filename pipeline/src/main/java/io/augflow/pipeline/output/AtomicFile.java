package io.augflow.pipeline.output;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Replaces one file as a whole: the content goes to a hidden sibling ({@code .<name>.tmp}, on the same file system
 * so the last step is a rename, not a copy), which is then renamed over the target. A reader (a scheduler polling a
 * JSON, a browser showing a report) sees the old file or the new one, never half of one. When writing fails (no
 * space left, permission denied), the sibling is removed, the old target is kept, and {@link OutputWriteException}
 * names the target and the file system's reason. A sibling left by a killed process is overwritten next time.
 *
 * <p>Local files ({@code file:} and plain paths) are written with {@code java.nio}: the rename replaces the target
 * atomically, and the file gets the process umask's mode like any other file the user creates (Hadoop's local file
 * system would set {@code fs.permissions.umask-mode} and leave a {@code .crc} file beside it). A {@code .crc} that an
 * earlier Hadoop write left is removed, or Hadoop's reads of the new content would fail its checksum. Other file systems
 * (HDFS, S3A, ...) go through Hadoop: permissions follow {@code fs.permissions.umask-mode}, and the old target is
 * deleted just before the rename, so a reader at that instant finds no file (still never half of one).
 */
public final class AtomicFile {
    /** Writes the content; may throw {@link IOException} (which becomes an {@link OutputWriteException}). */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private static final int BUFFER_BYTES = 1 << 16;

    private AtomicFile() {}

    /** Replaces {@code target} (creating its folder if needed) with what {@code writer} writes. */
    public static void replace(Path target, Writer writer, Configuration hadoop) {
        FileSystem fs;
        try {
            fs = target.getFileSystem(hadoop);
        } catch (IOException e) {
            throw OutputWriteException.of(target.toString(), e);
        }
        replace(target, writer, fs);
    }

    /** As {@link #replace(Path, Writer, Configuration)}, on a file system already at hand. */
    public static void replace(Path target, Writer writer, FileSystem fs) {
        Path qualified = fs.makeQualified(target);
        if (fs instanceof LocalFileSystem local) {
            replaceLocal(local.pathToFile(qualified).toPath(), local.pathToFile(local.getChecksumFile(qualified))
                    .toPath(), target, writer);
        } else {
            replaceHadoop(qualified, target, writer, fs);
        }
    }

    /** The hidden sibling written first. */
    static String tempName(String targetName) {
        return "." + targetName + ".tmp";
    }

    private static void replaceLocal(java.nio.file.Path file, java.nio.file.Path checksum, Path target,
            Writer writer) {
        java.nio.file.Path temp = file.resolveSibling(tempName(file.getFileName().toString()));
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(temp); // a killed run's: a new file gets the umask's mode, an old one keeps its own
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), BUFFER_BYTES)) {
                writer.write(out);
            }
            Files.deleteIfExists(checksum); // before the move: a reader meanwhile reads the old file, unchecked
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            removeLocal(temp, e);
            throw OutputWriteException.of(target.toString(), e);
        } catch (RuntimeException | Error e) {
            removeLocal(temp, e);
            throw e;
        }
    }

    private static void replaceHadoop(Path qualified, Path target, Writer writer, FileSystem fs) {
        Path temp = new Path(qualified.getParent(), tempName(qualified.getName()));
        try {
            fs.mkdirs(qualified.getParent());
            try (OutputStream out = fs.create(temp, true)) {
                writer.write(out);
            }
            fs.delete(qualified, false);
            if (!fs.rename(temp, qualified)) {
                throw new IOException("rename " + temp + " -> " + qualified + " failed");
            }
        } catch (IOException e) {
            removeHadoop(fs, temp, e);
            throw OutputWriteException.of(target.toString(), e);
        } catch (RuntimeException | Error e) {
            removeHadoop(fs, temp, e);
            throw e;
        }
    }

    private static void removeLocal(java.nio.file.Path temp, Throwable failure) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }

    private static void removeHadoop(FileSystem fs, Path temp, Throwable failure) {
        try {
            fs.delete(temp, false);
        } catch (IOException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }
}
