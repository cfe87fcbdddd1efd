package io.augflow.train.spark;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.augflow.pipeline.donor.DonorConf;
import io.augflow.augment.conf.ConfBlock;
import io.augflow.train.best.BestEpochConf;
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
 *   donors-per-class = 200      # copy-paste donor bank bound per class (built once per run when a copy-paste
 *                               # transform draws from the bank: source = bank or both)
 *   collect-stats = false       # per-epoch timings of every round's phases (broadcast, Spark job, worker setup,
 *                               # waiting for data, fitting, averaging) to training-stats.json
 *   round-timeout = 15 minutes  # an averaging round or evaluation job still running after this is cancelled and
 *                               # fails the run (a stuck job never hangs a nightly retrain)
 *   best-model { metric = auto, min-delta = 0 }  # the epoch kept as model.zip ({@link BestEpochConf})
 *   early-stopping { patience = 0 }              # 0 = train every epoch
 * }
 * </pre>
 * The network's input size is {@code model.input-size} (the former {@code train.input} list is refused with a
 * pointer to it).
 */
public record TrainConf(int epochs, int workers, int batchSizePerWorker, int averagingFrequency, int prefetchBatches,
        boolean averageUpdaters, int rowsPerShard, String evaluateSplit, String testSplit, double[] mean,
        double[] std, int donorsPerClass, boolean collectStats, java.time.Duration roundTimeout,
        BestEpochConf bestEpoch) {

    public static final String PATH = "train";
    private static final List<String> KEYS = List.of("epochs", "workers", "batch-size-per-worker",
            "averaging-frequency", "prefetch-batches", "average-updaters", "rows-per-shard", "evaluate-split",
            "test-split", "mean", "std", "donors-per-class", "collect-stats", "round-timeout",
            BestEpochConf.BEST_MODEL, BestEpochConf.EARLY_STOPPING);

    public static TrainConf fromRoot(Config root) {
        return from(ConfBlock.of(root, PATH));
    }

    public static TrainConf parse(String hocon) {
        return fromRoot(ConfigFactory.parseString(hocon).resolve());
    }

    public static TrainConf from(ConfBlock b) {
        if (b.has("input")) {
            throw new IllegalArgumentException(b.key("input") + " is gone: the network's input is now"
                    + " augflow.model.input-size (e.g. \"32x32\") with augflow.model.resize (letterbox | resize |"
                    + " center-crop); by default both are chosen from the data");
        }
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
        int donorsPerClass = b.integer("donors-per-class", DonorConf.DEFAULT_MAX_PER_CLASS);
        b.check(donorsPerClass >= 1 && donorsPerClass <= DonorConf.MAX_MAX_PER_CLASS, "donors-per-class",
                donorsPerClass, "in [1, " + DonorConf.MAX_MAX_PER_CLASS + "]");
        double[] mean = b.numbers("mean").orElse(new double[] {0.5});
        double[] std = b.numbers("std").orElse(new double[] {0.25});
        java.time.Duration roundTimeout = b.duration("round-timeout", java.time.Duration.ofMinutes(15));
        b.check(roundTimeout.toSeconds() >= 1, "round-timeout", roundTimeout, ">= 1 second");
        String evaluateSplit = b.string("evaluate-split", "val");
        BestEpochConf bestEpoch = BestEpochConf.from(b);
        if (bestEpoch.earlyStopping() && evaluateSplit.isBlank()) {
            throw new IllegalArgumentException(bestEpoch.patienceKey() + " = " + bestEpoch.patience() + " asks for"
                    + " early stopping, which needs a validation split, but " + b.key("evaluate-split") + " = \"\""
                    + " (none): name the split to watch, or set the patience to 0");
        }
        return new TrainConf(epochs, workers, batch, averaging, prefetch, b.bool("average-updaters", true),
                rowsPerShard, evaluateSplit, b.string("test-split", "test"), mean, std,
                donorsPerClass, b.bool("collect-stats", false), roundTimeout, bestEpoch);
    }
}
