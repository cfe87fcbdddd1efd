package io.augflow.jobs.retrain;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes a run's text outputs through Hadoop's FileSystem (so a run folder may be local, HDFS or S3): to a hidden
 * sibling first, then renamed over the target, so a reader (a scheduler polling {@code retrain.json}) never sees
 * half a file.
 */
final class RunFiles {
    private RunFiles() {}

    /** Writes {@code content} to {@code dir/name}; returns the file's path. */
    static String write(String dir, String name, String content, Configuration hadoop) {
        Path target = new Path(dir, name);
        Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp");
        try {
            FileSystem fs = target.getFileSystem(hadoop);
            fs.mkdirs(target.getParent());
            try (OutputStream out = fs.create(tmp, true)) {
                out.write(content.getBytes(StandardCharsets.UTF_8));
            }
            fs.delete(target, false);
            if (!fs.rename(tmp, target)) {
                throw new IOException("rename " + tmp + " -> " + target + " failed");
            }
            return target.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
