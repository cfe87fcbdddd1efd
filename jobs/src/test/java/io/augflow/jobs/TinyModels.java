package io.augflow.jobs;

import io.augflow.augment.OpenCv;
import io.augflow.augment.synthetic.SyntheticConf;
import io.augflow.jobs.faults.Console;
import io.augflow.pipeline.generate.GenerateJob;
import io.augflow.pipeline.generate.GenerateLayout;
import io.augflow.train.spark.EpochListener;
import io.augflow.train.spark.SparkTrainer;
import io.augflow.train.spark.TrainingConf;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * What the model-consuming job tests ({@code predict}, {@code evaluate}, {@code ensemble}) share: a local Spark
 * session, a generated shapes dataset, one-epoch tiny models trained on it in seconds, and the CLI run on
 * {@code local[2]} with its output captured.
 */
final class TinyModels {
    /** One epoch on 2 workers, no validation pass: a model in seconds, not a good one. */
    static final String COMMON = """
            train { epochs = 1, workers = 2, batch-size-per-worker = 8, averaging-frequency = 2, rows-per-shard = 24,
                    evaluate-split = "" }
            optimizer { type = adam, learning-rate = 0.003 }
            balance { strategy = none }
            """;
    static final String CLASSIFIER = COMMON
            + "model { architecture = lenet5, batch-norm = false, l2 = 0, input-size = \"32x32\" }\n";
    static final String DETECTOR = COMMON + "model { task = detect, base-filters = 8, detect { anchors = 3 } }\n";

    private TinyModels() {}

    /** A local[2] session with few shuffle partitions (the datasets are tiny); OpenCV loaded. */
    static SparkSession spark() {
        OpenCv.load();
        return SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4").getOrCreate();
    }

    /**
     * {@code images} 64x64 colour shapes of 2 classes (seed 7, some small and extra objects) as an augflow dataset
     * under {@code dir/shapes}, {@code valShare} of them in val and {@code testShare} in test.
     */
    static String shapes(SparkSession spark, Path dir, int images, double valShare, double testShare) {
        String dataset = dir.resolve("shapes").toString();
        GenerateJob.run(spark, new SyntheticConf(images, 64, 64, 3, 2, 1, 0.3, 1, valShare, testShare, 7),
                GenerateLayout.DATASET, dataset, 2, false);
        return dataset;
    }

    /** Trains {@code conf} (a configuration's {@code augflow} block) with {@code seed} on the dataset into out. */
    static String train(SparkSession spark, String conf, long seed, String dataset, String out) {
        new SparkTrainer(spark, TrainingConf.parse("seed = " + seed + "\n" + conf)).train(dataset, out, false,
                EpochListener.NONE);
        return out;
    }

    /** {@code bin/augflow ARGS --master local[2]}, in this JVM, its exit code and output captured. */
    static Console cli(String... args) {
        String[] all = Stream.concat(Stream.of(args), Stream.of("--master", "local[2]")).toArray(String[]::new);
        return Console.capture(() -> AugflowCli.run(all));
    }
}
