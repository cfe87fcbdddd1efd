package io.augflow.train.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Creates a file only if it does not exist yet, with its whole content visible at once: the primitive the
 * version numbers, the champion pointers and the lock are built on. Two processes creating the same name
 * get one success and one {@code false}, never two winners and never a half-written file.
 *
 * <p>How, per filesystem: the content goes to a hidden temporary file beside the target first. On the local
 * filesystem it is then hard-linked to the target ({@code link(2)} fails when the target exists, atomically;
 * Hadoop's local {@code create(overwrite=false)} checks then opens, which races, and its rename replaces an
 * existing target). Elsewhere it is renamed to the target with Hadoop's rename, which on HDFS is one atomic
 * namenode operation that refuses an existing target. Object stores (s3a) have no atomic rename: there two
 * racing writers are kept apart only by the registry lock.
 */
final class ExclusiveFiles {
    private final FileSystem fs;
    private final boolean local;

    /** @param fs the registry's filesystem; on the local one, checksum side files ({@code .crc}) are skipped */
    ExclusiveFiles(FileSystem fs) {
        this.local = "file".equals(fs.getScheme());
        this.fs = local && fs instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : fs;
    }

    /** The filesystem to read and write the registry through. */
    FileSystem fs() {
        return fs;
    }

    /** Creates {@code target} holding {@code content}; {@code false} when it already exists. */
    boolean createNew(Path target, byte[] content) throws IOException {
        Path tmp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (OutputStream out = fs.create(tmp, false)) {
                out.write(content);
            }
            return local ? link(tmp, target) : rename(tmp, target);
        } finally {
            fs.delete(tmp, false);
        }
    }

    private boolean link(Path tmp, Path target) throws IOException {
        java.nio.file.Path to = nio(target);
        try {
            Files.createLink(to, nio(tmp));
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | FileSystemException e) {
            // no hard links on this volume: exclusive creation still holds, only the content shows up later
            try (OutputStream out = Files.newOutputStream(to, StandardOpenOption.CREATE_NEW);
                    InputStream in = fs.open(tmp)) {
                in.transferTo(out);
                return true;
            } catch (FileAlreadyExistsException exists) {
                return false;
            }
        }
    }

    private boolean rename(Path tmp, Path target) throws IOException {
        if (fs.rename(tmp, target)) {
            return true;
        }
        if (fs.exists(target)) {
            return false;
        }
        throw new IOException("cannot rename " + tmp + " to " + target);
    }

    /** The whole content of {@code file}. */
    byte[] read(Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            return in.readAllBytes();
        }
    }

    private java.nio.file.Path nio(Path p) {
        return java.nio.file.Path.of(fs.makeQualified(p).toUri());
    }
}
