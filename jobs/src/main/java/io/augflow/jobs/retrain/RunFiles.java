package io.augflow.jobs.retrain;

import io.augflow.pipeline.output.AtomicFile;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Writes a run's text outputs through Hadoop's FileSystem (so a run folder may be local, HDFS or S3), each replaced
 * as a whole ({@link AtomicFile}), so a reader (a scheduler polling {@code retrain.json}) never sees half a file.
 */
final class RunFiles {
    private RunFiles() {}

    /** Writes {@code content} to {@code dir/name}; returns the file's path. */
    static String write(String dir, String name, String content, Configuration hadoop) {
        Path target = new Path(dir, name);
        AtomicFile.replace(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)), hadoop);
        return target.toString();
    }
}
