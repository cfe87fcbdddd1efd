package io.augflow.pipeline.output;

import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checks, before a job spends minutes computing, that its output can be written: the folder that will receive
 * it is created if missing, must be a folder, and must accept a new file (an empty probe file is created and
 * deleted). Permission bits alone cannot tell: root ignores them, and object stores have none; trying is the
 * only check that holds everywhere.
 */
public final class OutputPreflight {
    private OutputPreflight() {}

    /** {@code dir} will receive files (e.g. a training run's model and checkpoints): it must be a writable folder. */
    public static void checkWritableFolder(String dir, Configuration hadoop) {
        Path path = new Path(dir);
        probe(dir, path, fileSystem(dir, path, hadoop));
    }

    /** {@code target} will be created as a sibling's rename: its parent must be a writable folder. */
    public static void checkWritableParent(Path target, FileSystem fs) {
        Path parent = target.getParent();
        if (parent == null) {
            throw new OutputWriteException("cannot write " + target + ": it has no parent folder", null);
        }
        probe(target.toString(), parent, fs);
    }

    private static void probe(String target, Path dir, FileSystem fs) {
        try {
            Path existing = dir;
            while (existing != null && !fs.exists(existing)) {
                existing = existing.getParent();
            }
            FileStatus status = existing == null ? null : fs.getFileStatus(existing);
            if (status != null && !status.isDirectory()) {
                throw new OutputWriteException("cannot write " + target + ": " + existing + " is a file, not a folder",
                        null);
            }
            if (!dir.equals(existing) && !fs.mkdirs(dir)) {
                throw new OutputWriteException("cannot write " + target + ": cannot create the folder " + dir, null);
            }
            Path probe = new Path(dir, ".augflow-write-probe-" + UUID.randomUUID());
            try (OutputStream out = fs.create(probe, false)) {
                out.flush();
            } finally {
                fs.delete(probe, false);
            }
        } catch (IOException e) {
            throw new OutputWriteException("cannot write " + target + ": " + dir + " is not writable ("
                    + OutputWriteException.reason(e) + ")", e);
        }
    }

    private static FileSystem fileSystem(String target, Path path, Configuration hadoop) {
        try {
            return path.getFileSystem(hadoop);
        } catch (IOException e) {
            throw new OutputWriteException("cannot write " + target + ": no file system for it ("
                    + OutputWriteException.reason(e) + ")", e);
        }
    }
}
