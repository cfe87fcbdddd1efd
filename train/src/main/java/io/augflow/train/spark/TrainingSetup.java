package io.augflow.train.spark;

import io.augflow.augment.transform.AugmentConf;
import io.augflow.augment.transform.Compose;
import io.augflow.augment.transform.geometric.InputFit;
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
import io.augflow.pipeline.plan.SamplingSchedule;
import io.augflow.pipeline.stats.DatasetStatistics;
import io.augflow.pipeline.stats.DatasetStats;
import io.augflow.pipeline.stats.ImageProfile;
import io.augflow.pipeline.stream.DatasetShards;
import io.augflow.pipeline.stream.DonorSource;
import io.augflow.pipeline.stream.StreamTask;
import io.augflow.train.loss.LossConf;
import io.augflow.train.loss.LossSchedule;
import io.augflow.train.loss.LossType;
import io.augflow.train.detect.AnchorKMeans;
import io.augflow.train.detect.DetectorClassLoss;
import io.augflow.train.detect.Anchors;
import io.augflow.train.detect.YoloHead;
import io.augflow.train.model.Architecture;
import io.augflow.train.model.DetectConf;
import io.augflow.train.model.InputChoice;
import io.augflow.train.model.ModelTask;
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
     * @param run the run's checked configuration
     * @param recorded the input step of the network training starts from (a warm start's model, a resumed
     *                 checkpoint): kept, so new data of another resolution is brought to the size the network was
     *                 trained at; empty to choose it from the configuration and the data
     * @param from names the network of {@code recorded} in messages
     */
    public static TrainingPlan prepare(SparkSession spark, TrainingConf run, String datasetPath,
            Optional<InputFit> recorded, String from) {
        return prepare(spark, run, datasetPath, recorded, Optional.empty(), from);
    }

    /** @param recordedHead the detector head of the network training starts from, kept like its input */
    public static TrainingPlan prepare(SparkSession spark, TrainingConf run, String datasetPath,
            Optional<InputFit> recorded, Optional<YoloHead> recordedHead, String from) {
        TrainConf conf = run.train();
        long seed = run.seed();
        DatasetMetadata metadata = DatasetReader.readMetadata(spark, datasetPath);
        List<String> classes = metadata.classes();
        DatasetFiles files = DatasetReader.open(spark, datasetPath, run.onCorruptFile());
        Dataset<Row> rows = DatasetReader.read(spark, files);
        Dataset<Row> trainRows = rows.filter(rows.col(DatasetSchema.SPLIT).equalTo("train"));

        Map<String, ImageProfile> profiles = ImageProfile.bySplit(rows);
        ImageProfile train = profiles.getOrDefault("train", ImageProfile.EMPTY);
        if (train.images() == train.backgroundImages()) {
            throw new io.augflow.augment.DataException("the dataset " + datasetPath + " has no rows to train on in"
                    + " split 'train' (" + train.images() + " rows, " + train.backgroundImages() + " of them background"
                    + " images with neither a label nor a box)");
        }
        PlanConf planConf = run.balance();
        DatasetStats stats = DatasetStatistics.compute(trainRows, run.stats(), classes.size());
        SamplingSchedule sampling = SamplingSchedule.fit(stats, planConf, classes.size());
        SamplingPlan plan = sampling.balanced();
        LOG.info("train: {} training rows in {} classes, imbalance {}, plan {}{}", stats.images(),
                classes.size(), String.format("%.1f", stats.imbalanceRatio()), plan.strategyKey(),
                planConf.startEpoch() > 0 ? " from epoch " + (planConf.startEpoch() + 1) + " (plain before)" : "");
        ModelConf modelConf = model(run.model(), DetectionSetup.resolve(run.model().task(), trainRows, train));
        StreamTask task = modelConf.task() == ModelTask.DETECT ? StreamTask.DETECT : StreamTask.CLASSIFY;
        if (task == StreamTask.CLASSIFY) {
            logBackground(profiles);
        }

        Optional<Compose> augment = run.augment().map(AugmentConf::compose);
        InputChoice input = recorded.isPresent() ? InputChoice.recorded(recorded.get(), from)
                : InputChoice.choose(modelConf, train, augment.flatMap(Compose::fixedOutputSize));
        LOG.info("train: network input {}", input.describe());
        Optional<YoloHead> head = task == StreamTask.DETECT
                ? Optional.of(recordedHead.orElseGet(() -> fitHead(trainRows, input, modelConf.detect(), seed)))
                : Optional.empty();
        if (head.isPresent() && recordedHead.isPresent()) {
            LOG.info("train: detector head kept from {} (its weights were trained for it): {}-pixel grid, {}", from,
                    head.get().stride(), head.get().anchors());
        }

        DonorSource donors = donorSource(spark, trainRows, augment, classes.size(), conf, seed);
        LossConf lossConf = run.loss();
        ModelConf netConf = modelConf;
        if (task == StreamTask.DETECT) {
            DetectorClassLoss.check(lossConf, modelConf.detect());
            if (lossConf.classBalanced().enabled()) {
                long[] boxes = DetectorClassLoss.boxCounts(stats, classes.size());
                double[] weights = DetectorClassLoss.weights(lossConf, boxes, classes);
                netConf = modelConf.withDetect(modelConf.detect().withClassWeights(weights));
                lossConf = lossConf.withClassCounts(boxes); // recorded in model.json's loss block
                LOG.info("train: detector class loss weighted by class (effective number, beta {}) of the train"
                        + " boxes {}: {}", lossConf.classBalanced().beta(), java.util.Arrays.toString(boxes),
                        java.util.Arrays.toString(weights));
            }
        }
        if (lossConf.type() == LossType.WEIGHTED_CROSS_ENTROPY && lossConf.classWeights().isEmpty()) {
            ClassWeighting method = planConf.classWeights() == ClassWeighting.NONE
                    ? ClassWeighting.INVERSE_FREQUENCY : planConf.classWeights();
            lossConf = lossConf.withClassWeights(ClassWeights.fit(stats, method).toArray(classes.size()));
        }
        LossSchedule losses = new LossSchedule(lossConf, classes, sampling);
        OptimizerConf optimizer = run.optimizer();
        // a detector's loss is its head's (model.detect, built by YoloSmall): the classifier's loss is not asked for
        ModelSpec spec = ModelFactory.build(netConf, input.shape(), classes.size(), optimizer.toUpdater(),
                task == StreamTask.DETECT ? DetectorClassLoss.of(netConf.detect()) : losses.lossFor(0),
                optimizer.regularization(), head.orElse(null));
        return new TrainingPlan(datasetPath, files, classes, trainRows, stats, profiles, sampling, losses, input, augment,
                donors, netConf, spec, conf, task, head, seed, run.configText(), run.configHash(),
                DatasetShards.list(files, conf.rowsPerShard()));
    }

    /**
     * The model block with its task decided; a detection run trains the detector architecture whatever
     * {@code model.architecture} names (that key chooses among classifiers), and a detector needs boxes.
     */
    static ModelConf model(ModelConf configured, ModelTask task) {
        if (task == ModelTask.DETECT) {
            if (!configured.architecture().isDetector()) {
                LOG.info("train: task detect (the train split has boxes and no image labels): architecture {}"
                        + " (model.architecture = {} applies to classification)", Architecture.YOLO_SMALL.key(),
                        configured.architecture().key());
            }
            return configured.withArchitecture(Architecture.YOLO_SMALL).withTask(task);
        }
        if (configured.architecture().isDetector()) {
            throw new IllegalArgumentException("augflow.model.architecture = " + configured.architecture().key()
                    + " is a detector but augflow.model.task is classify (or auto found image labels): set"
                    + " model.task = detect on data with boxes, or choose a classifier");
        }
        return configured.withTask(task);
    }

    /** The detector's head: the configured stride and anchors fitted by k-means on the train boxes at input scale. */
    private static YoloHead fitHead(Dataset<Row> trainRows, InputChoice input, DetectConf detect, long seed) {
        List<io.augflow.augment.Box> boxes = DetectionSetup.boxesAtInput(trainRows, input.fit());
        Anchors anchors = AnchorKMeans.fit(boxes, detect.anchors(), seed);
        List<double[]> sizes = boxes.stream().map(b -> new double[] {b.w(), b.h()}).toList();
        LOG.info("train: detector on a {}-pixel grid, {} anchors fitted on {} train boxes (mean IoU {}): {}",
                detect.stride(), anchors.count(), boxes.size(), String.format("%.3f", anchors.meanIoU(sizes)),
                anchors);
        return new YoloHead(detect.stride(), anchors);
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

    /**
     * The donor bank of the augment block's copy-paste transforms: built once per run from the training split on
     * the executors (bounded per class), broadcast, decoded once per executor. None when no copy-paste draws from
     * a bank.
     */
    private static DonorSource donorSource(SparkSession spark, Dataset<Row> trainRows, Optional<Compose> augment,
            int classCount, TrainConf conf, long seed) {
        if (augment.isEmpty()) {
            return DonorSource.none();
        }
        OptionalDouble smallArea = CopyPasteBanks.bankSmallArea(augment.get());
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
