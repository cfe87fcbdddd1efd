package io.augflow.train.spark;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import io.augflow.augment.transform.AugmentConf;
import io.augflow.augment.transform.Compose;
import io.augflow.augment.transform.geometric.InputFit;
import io.augflow.pipeline.dataset.CorruptFilePolicy;
import io.augflow.pipeline.dataset.DatasetFiles;
import io.augflow.pipeline.dataset.DatasetMetadata;
import io.augflow.pipeline.dataset.DatasetReader;
import io.augflow.pipeline.dataset.DatasetSchema;
import io.augflow.pipeline.donor.CopyPasteBanks;
import io.augflow.pipeline.donor.DonorBankBuilder;
import io.augflow.pipeline.donor.DonorConf;
import io.augflow.pipeline.donor.DonorPatches;
import io.augflow.pipeline.plan.ClassWeighting;
import io.augflow.pipeline.plan.ClassWeights;
import io.augflow.pipeline.plan.PlanConf;
import io.augflow.pipeline.plan.SamplingPlan;
import io.augflow.pipeline.plan.SamplingPlanner;
import io.augflow.pipeline.stats.DatasetStatistics;
import io.augflow.pipeline.stats.DatasetStats;
import io.augflow.pipeline.stats.ImageProfile;
import io.augflow.pipeline.stats.StatsConf;
import io.augflow.pipeline.stream.DatasetShards;
import io.augflow.pipeline.stream.DonorSource;
import io.augflow.pipeline.stream.StreamTask;
import io.augflow.train.loss.LossConf;
import io.augflow.train.loss.LossType;
import io.augflow.train.model.InputChoice;
import io.augflow.train.model.ModelConf;
import io.augflow.train.model.ModelFactory;
import io.augflow.train.model.ModelSpec;
import io.augflow.train.optim.OptimizerConf;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The set-up step of training, on the driver: reads the dataset's metadata and statistics, fits the sampling plan,
 * chooses the input size, builds the donor bank and the network's specification, and returns them as one immutable
 * {@link TrainingPlan}. Reads only the small columns of the dataset (and the train split's small objects for the
 * donor bank); trains nothing.
 */
public final class TrainingSetup {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingSetup.class);

    private TrainingSetup() {}

    /**
     * @param root the resolved {@code augflow} block (train, model, optimizer, loss, augment, stats, balance)
     * @param recorded the input step of the network training starts from (a warm start's model, a resumed
     *                 checkpoint): kept, so new data of another resolution is brought to the size the network was
     *                 trained at; empty to choose it from the configuration and the data
     * @param from names the network of {@code recorded} in messages
     */
    public static TrainingPlan prepare(SparkSession spark, Config root, String datasetPath,
            Optional<InputFit> recorded, String from) {
        TrainConf conf = TrainConf.fromRoot(root);
        long seed = seed(root);
        DatasetMetadata metadata = DatasetReader.readMetadata(spark, datasetPath);
        List<String> classes = metadata.classes();
        DatasetFiles files = DatasetReader.open(spark, datasetPath, CorruptFilePolicy.fromRoot(root));
        Dataset<Row> rows = DatasetReader.read(spark, files);
        Dataset<Row> trainRows = rows.filter(rows.col(DatasetSchema.SPLIT).equalTo("train"));

        Map<String, ImageProfile> profiles = ImageProfile.bySplit(rows);
        ImageProfile train = profiles.getOrDefault("train", ImageProfile.EMPTY);
        if (train.images() == train.backgroundImages()) {
            throw new io.augflow.augment.DataException("the dataset " + datasetPath + " has no rows to train on in"
                    + " split 'train' (" + train.images() + " rows, " + train.backgroundImages() + " of them background"
                    + " images with neither a label nor a box)");
        }
        StatsConf statsConf = root.hasPath("stats") ? StatsConf.from(root.getConfig("stats")) : StatsConf.defaults();
        PlanConf planConf = PlanConf.fromRoot(root);
        DatasetStats stats = DatasetStatistics.compute(trainRows, statsConf, classes.size());
        SamplingPlan plan = SamplingPlanner.fit(stats, planConf);
        LOG.info("train: {} training rows in {} classes, imbalance {}, plan {}", stats.images(),
                classes.size(), String.format("%.1f", stats.imbalanceRatio()), plan.strategyKey());
        StreamTask task = StreamTask.CLASSIFY;
        logBackground(profiles);

        String augmentHocon = augmentBlock(root);
        ModelConf modelConf = ModelConf.fromRoot(root);
        InputChoice input = recorded.isPresent() ? InputChoice.recorded(recorded.get(), from)
                : InputChoice.choose(modelConf, train, fixedOutputSize(augmentHocon));
        LOG.info("train: network input {}", input.describe());

        DonorSource donors = donorSource(spark, trainRows, augmentHocon, classes.size(), conf, seed);
        LossConf lossConf = LossConf.fromRoot(root);
        if (lossConf.type() == LossType.WEIGHTED_CROSS_ENTROPY && lossConf.classWeights().isEmpty()) {
            ClassWeighting method = planConf.classWeights() == ClassWeighting.NONE
                    ? ClassWeighting.INVERSE_FREQUENCY : planConf.classWeights();
            lossConf = lossConf.withClassWeights(ClassWeights.fit(stats, method).toArray(classes.size()));
        }
        OptimizerConf optimizer = OptimizerConf.fromRoot(root);
        ModelSpec spec = ModelFactory.build(modelConf, input.shape(), classes.size(), optimizer.toUpdater(),
                lossConf.toLossFunction(classes.size()), optimizer.regularization());
        String configText = root.root().render(ConfigRenderOptions.concise());
        return new TrainingPlan(datasetPath, files, classes, trainRows, stats, profiles, plan, input, augmentHocon,
                donors, modelConf, spec, conf, task, seed, configText, sha256(configText),
                DatasetShards.list(files, conf.rowsPerShard()));
    }

    /** {@code augflow.seed}, default 42: every random draw of the run derives from it. */
    static long seed(Config root) {
        return io.augflow.augment.conf.ConfBlock.rootSeed(root);
    }

    private static void logBackground(Map<String, ImageProfile> profiles) {
        StringBuilder s = new StringBuilder();
        profiles.forEach((split, p) -> {
            if (p.backgroundImages() > 0) {
                s.append(s.isEmpty() ? "" : ", ").append(split).append(' ').append(p.backgroundImages());
            }
        });
        if (!s.isEmpty()) {
            LOG.info("train: background images (neither a label nor a box) left out of classification: {}", s);
        }
    }

    /** The augment block as HOCON for the executors; empty when no pipeline is configured. */
    private static String augmentBlock(Config root) {
        if (!root.hasPath(AugmentConf.PATH)) {
            return "";
        }
        Config block = ConfigFactory.empty().withValue(AugmentConf.PATH, root.getValue(AugmentConf.PATH));
        return block.root().render(ConfigRenderOptions.concise());
    }

    private static Optional<int[]> fixedOutputSize(String augmentHocon) {
        if (augmentHocon.isBlank()) {
            return Optional.empty();
        }
        Compose compose = AugmentConf.parse(augmentHocon).compose();
        return compose.fixedOutputSize();
    }

    /**
     * The donor bank of the augment block's copy-paste transforms: built once per run from the training split on
     * the executors (bounded per class), broadcast, decoded once per executor. None when no copy-paste draws from
     * a bank.
     */
    private static DonorSource donorSource(SparkSession spark, Dataset<Row> trainRows, String augmentHocon,
            int classCount, TrainConf conf, long seed) {
        if (augmentHocon.isBlank()) {
            return DonorSource.none();
        }
        OptionalDouble smallArea = CopyPasteBanks.bankSmallArea(AugmentConf.parse(augmentHocon).compose());
        if (smallArea.isEmpty()) {
            return DonorSource.none();
        }
        DonorPatches patches = new DonorBankBuilder(new DonorConf(conf.donorsPerClass(), smallArea.getAsDouble(),
                seed)).buildPatches(trainRows, classCount);
        LOG.info("train: copy-paste donor bank of {} small objects (at most {} per class)", patches.size(),
                conf.donorsPerClass());
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return DonorSource.broadcast(sc.broadcast(patches));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
