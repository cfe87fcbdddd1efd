package io.augflow.train.spark;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.augflow.train.conf.ConfBlock;
import java.util.List;

/**
 * The {@code train} block: how DL4J's parameter averaging runs and how the stream is cut.
 *
 * <pre>
 * train {
 *   epochs = 3                  # >= 1
 *   workers = 0                 # training tasks per averaging round; 0 = Spark's default parallelism
 *   batch-size-per-worker = 64  # minibatch size on each worker
 *   averaging-frequency = 5     # minibatches each worker fits between two parameter averagings
 *   prefetch-batches = 2        # minibatches each worker loads ahead (0 = none): overlaps augmentation and fitting
 *   average-updaters = true     # average the updater state (Adam moments...) too, not only the parameters
 *   rows-per-shard = 128        # dataset rows per streamed shard (one DL4J "path")
 *   evaluate-split = val        # split evaluated after every epoch ("" = none)
 *   test-split = test           # split evaluated at the end ("" = none)
 *   mean = [0.5], std = [0.25]  # normalisation to the network's input, in [0, 1] pixel units, 1 or 3 (RGB) values
 *   input = []                  # transforms (p = 1) that bring every sample, training or evaluation, to the
 *                               # network's input size, applied after augmentation, e.g.
 *                               # [ {type = resize, p = 1, width = 28, height = 28} ]; empty = the dataset's size
 * }
 * </pre>
 *
 * @param inputHocon the {@code input} list as an {@code augment { pipeline = [...] }} block, empty for none
 */
public record TrainConf(int epochs, int workers, int batchSizePerWorker, int averagingFrequency, int prefetchBatches,
        boolean averageUpdaters, int rowsPerShard, String evaluateSplit, String testSplit, double[] mean,
        double[] std, String inputHocon) {

    public static final String PATH = "train";
    private static final List<String> KEYS = List.of("epochs", "workers", "batch-size-per-worker",
            "averaging-frequency", "prefetch-batches", "average-updaters", "rows-per-shard", "evaluate-split",
            "test-split", "mean", "std", "input",
            // JVM switches that CpuBackend reads from the system properties (and sets there, so a second job in
            // the same JVM sees them in its configuration): known here so that they are not rejected as typos
            "onednn", "elementwiseThreshold");

    public static TrainConf fromRoot(Config root) {
        return from(ConfBlock.of(root, PATH));
    }

    public static TrainConf parse(String hocon) {
        return fromRoot(ConfigFactory.parseString(hocon).resolve());
    }

    public static TrainConf from(ConfBlock b) {
        b.rejectUnknown(KEYS);
        int epochs = b.integer("epochs", 3);
        b.check(epochs >= 1, "epochs", epochs, ">= 1");
        int workers = b.integer("workers", 0);
        b.check(workers >= 0, "workers", workers, ">= 0 (0 = Spark's default parallelism)");
        int batch = b.integer("batch-size-per-worker", 64);
        b.check(batch >= 1, "batch-size-per-worker", batch, ">= 1");
        int averaging = b.integer("averaging-frequency", 5);
        b.check(averaging >= 1, "averaging-frequency", averaging, ">= 1");
        int prefetch = b.integer("prefetch-batches", 2);
        b.check(prefetch >= 0, "prefetch-batches", prefetch, ">= 0");
        int rowsPerShard = b.integer("rows-per-shard", 128);
        b.check(rowsPerShard >= 1, "rows-per-shard", rowsPerShard, ">= 1");
        double[] mean = b.numbers("mean").orElse(new double[] {0.5});
        double[] std = b.numbers("std").orElse(new double[] {0.25});
        String input = "";
        if (b.has("input")) {
            var list = b.raw().getList("input");
            if (!list.isEmpty()) {
                input = ConfigFactory.empty().withValue("augment.pipeline", list).root()
                        .render(com.typesafe.config.ConfigRenderOptions.concise());
            }
        }
        return new TrainConf(epochs, workers, batch, averaging, prefetch, b.bool("average-updaters", true),
                rowsPerShard, b.string("evaluate-split", "val"), b.string("test-split", "test"), mean, std, input);
    }
}
