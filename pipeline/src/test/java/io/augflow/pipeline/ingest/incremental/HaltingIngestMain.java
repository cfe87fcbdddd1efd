package io.augflow.pipeline.ingest.incremental;

import io.augflow.augment.OpenCv;
import io.augflow.pipeline.ingest.IngestConf;
import org.apache.spark.sql.SparkSession;

/**
 * The child JVM of {@link IncrementalIngestJobTest#aJvmKilledMidCommitIsRepairedByTheRerun}: runs an incremental
 * ingest and halts the JVM at a commit step, as {@code kill -9} would: no finally block, shutdown hook or Spark
 * clean-up runs.
 *
 * <p>Arguments: landing folder, dataset folder, the {@link CommitHook.Step} to die at, the exit status to die with.
 */
public final class HaltingIngestMain {
    private HaltingIngestMain() {}

    public static void main(String[] args) {
        OpenCv.load();
        SparkSession spark = SparkSession.builder().master("local[2]").appName("HaltingIngestMain")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
        CommitHook.Step dieAt = CommitHook.Step.valueOf(args[2]);
        int status = Integer.parseInt(args[3]);
        IncrementalIngestConf conf = new IncrementalIngestConf(IngestConf.builder(args[0], args[1]).build(), "", 0);
        IncrementalIngestJob.run(spark, conf, (step, batchId) -> {
            if (step == dieAt) {
                Runtime.getRuntime().halt(status);
            }
        });
        System.exit(0); // not reached when the step is reached
    }
}
