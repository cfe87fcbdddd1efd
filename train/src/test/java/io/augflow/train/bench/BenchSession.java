package io.augflow.train.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.augflow.augment.OpenCv;
import io.augflow.train.backend.CpuBackend;
import io.augflow.train.backend.CpuLaunchSettings;
import io.augflow.train.spark.TrainingConf;
import java.io.File;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * What the data-stall benches ({@link DataStallBench}, {@link DetectionDataStallBench}) set up the same way: the
 * run's configuration (a bench conf over the packaged defaults, with the epochs of one run, no evaluation, and the
 * streamed side's round phases recorded) and one Spark session with augflow's CPU launch settings (one OpenMP thread a task).
 */
final class BenchSession {
    private BenchSession() {}

    /**
     * The {@code augflow} block of {@code confFile} over {@code defaults}, {@code train.epochs} set to
     * {@code epochs}, the evaluation and test splits blanked, {@code train.collect-stats} on (written between epochs, outside the timed
     * rounds); checked as {@code bin/augflow train} checks it.
     */
    static Config config(String confFile, String defaults, int epochs) {
        Config root = ConfigFactory.parseFile(new File(confFile))
                .withFallback(ConfigFactory.parseFile(new File(defaults))).resolve().getConfig("augflow")
                .withValue("train.epochs", ConfigValueFactory.fromAnyRef(epochs))
                .withValue("train.evaluate-split", ConfigValueFactory.fromAnyRef(""))
                .withValue("train.test-split", ConfigValueFactory.fromAnyRef(""))
                .withValue("train.collect-stats", ConfigValueFactory.fromAnyRef(true));
        TrainingConf.from(root);
        return root;
    }

    /** A Spark session on {@code master} without UI, OpenCV loaded and ND4J tuned as {@code bin/augflow} does. */
    static SparkSession start(String master, String appName) {
        OpenCv.load(); // the driver's set-up (input size, letterbox) touches OpenCV before any stream does
        CpuBackend.configureFromSystemProperties();
        CpuBackend.tuneNd4j();
        SparkConf sparkConf = new SparkConf().setMaster(master).setAppName(appName)
                .set("spark.ui.enabled", "false").set("spark.ui.showConsoleProgress", "false")
                .set("spark.sql.shuffle.partitions", "4").set("spark.locality.wait", "0");
        CpuLaunchSettings.defaults(1).applyTo(sparkConf);
        return SparkSession.builder().config(sparkConf).getOrCreate();
    }

    /** The training settings both data-stall benches record in their JSON, in this order. */
    static void putTrainingSettings(java.util.Map<String, Object> out, int workers,
            io.augflow.train.spark.TrainConf conf) {
        out.put("workers", workers);
        out.put("batchSizePerWorker", conf.batchSizePerWorker());
        out.put("averagingFrequency", conf.averagingFrequency());
        out.put("prefetchBatches", conf.prefetchBatches());
        out.put("averageUpdaters", conf.averageUpdaters());
        out.put("epochsPerRun", conf.epochs());
    }
}
