package io.augflow.train.spark;

import io.augflow.augment.tensor.ToTensor;
import io.augflow.augment.transform.geometric.InputFit;
import io.augflow.train.checkpoint.CheckpointStore;
import io.augflow.train.detect.DetectorInference;
import io.augflow.train.detect.Nms;
import io.augflow.train.detect.YoloDecoder;
import io.augflow.train.detect.YoloHead;
import io.augflow.train.detect.eval.CocoMetrics;
import io.augflow.train.model.DetectConf;
import io.augflow.train.eval.ClassificationMetrics;
import io.augflow.train.predict.ModelLocator;
import io.augflow.train.summary.ModelSummary;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a classifier or a detector on an augflow dataset with parameter averaging on Spark, in three steps: set-up
 * ({@link TrainingSetup}: statistics, plan, input size, network: an immutable {@link TrainingPlan}), the epochs
 * ({@link EpochRunner}: the averaging rounds on the augmented stream; each epoch then evaluated on the validation
 * split and checkpointed) and the outputs ({@link TrainingOutputs}). The driver only handles shard names, counts and
 * the model's parameters.
 *
 * <p>Outputs under {@code outputDir}: {@code model.zip} (DL4J, with updater state: the epoch of the best validation
 * metric, {@code train.best-model}, copied from its checkpoint; the last epoch without a validation split),
 * {@code model.json} ({@link TrainResult}: history, the kept epoch, the kept network's test metrics, input size,
 * provenance), {@code history.json} and {@code checkpoints/} (every epoch's, the last one included). Training may stop
 * before {@code train.epochs} ({@code train.early-stopping}, {@link BestEpochTracker}; or when the listener asks,
 * {@link EpochListener#stopAfter}). A run that fails leaves the
 * checkpoints of its finished epochs as they were.
 */
public final class SparkTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(SparkTrainer.class);
    public static final String MODEL_FILE = ModelLocator.MODEL_FILE;
    public static final String RESULT_FILE = "model.json";
    public static final String CHECKPOINTS = "checkpoints";
    /** The per-epoch history, in the output folder and in every checkpoint. */
    public static final String HISTORY_FILE = "history.json";
    /** Per-epoch phase timings of the averaging rounds ({@code train.collect-stats}). */
    public static final String STATS_FILE = "training-stats.json";

    private final SparkSession spark;
    private final TrainingConf run;
    private final Optional<TrainedModel> warmStart;

    /** @param run the run's configuration, checked on the driver ({@link TrainingConf#from}) */
    public SparkTrainer(SparkSession spark, TrainingConf run) {
        this(spark, run, Optional.empty());
    }

    private SparkTrainer(SparkSession spark, TrainingConf run, Optional<TrainedModel> warmStart) {
        this.spark = spark;
        this.run = run;
        this.warmStart = warmStart;
    }

    /**
     * The same trainer, but a run that does not resume from a checkpoint starts from {@code model}'s weights
     * instead of a fresh initialisation ({@link WarmStart}: same architecture, input and classes required), and
     * keeps the model's input size and, for a detector, its head (the anchors are not refitted on the new data).
     */
    public SparkTrainer warmStartFrom(TrainedModel model) {
        return new SparkTrainer(spark, run, Optional.of(model));
    }

    public TrainResult train(String datasetPath, String outputDir, boolean resume, EpochListener listener) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        TrainingOutputs outputs = new TrainingOutputs(outputDir, hadoop);
        Optional<CheckpointStore.Checkpoint> checkpoint = outputs.startingPoint(resume);
        // the network's input step and a detector's anchors are kept from where its weights come from: they were
        // trained for them, whatever sizes the new rows have
        TrainingPlan plan = checkpoint.isPresent()
                ? TrainingSetup.prepare(spark, run, datasetPath, outputs.recordedInput(checkpoint.get()),
                        outputs.recordedHead(checkpoint.get()), "the checkpoint " + checkpoint.get().modelPath())
                : TrainingSetup.prepare(spark, run, datasetPath, warmStart.map(TrainedModel::inputFit),
                        warmStart.flatMap(TrainedModel::head), warmStart.map(TrainedModel::modelPath).orElse(""));
        TrainConf conf = plan.conf();
        // its configuration checks need the task and the validation rows, and come before any network is built
        BestEpochTracker tracker = BestEpochTracker.forRun(plan);
        int firstEpoch = checkpoint.map(c -> c.info().epoch() + 1).orElse(0);
        DistributedNetwork network = startingNetwork(plan, checkpoint, hadoop);
        List<EpochRecord> history = new ArrayList<>(outputs.history(checkpoint, firstEpoch));
        List<EpochPhaseStats> phaseStats = new ArrayList<>();
        SplitEvaluator evaluator = new SplitEvaluator(spark, conf, plan.input().fit());
        Optional<DetectionEvaluator> detections = plan.head().map(head -> new DetectionEvaluator(spark, conf,
                inference(plan, head)));

        tracker.replay(history);
        Optional<String> stopReason = Optional.empty();
        EpochRunner runner = new EpochRunner(spark, plan, network, listener);
        try {
            for (int epoch = firstEpoch; epoch < conf.epochs(); epoch++) {
                // checked before the epoch, so a resumed run whose patience had already run out trains no more
                stopReason = tracker.stopReason();
                if (stopReason.isPresent()) {
                    LOG.info("train: early stopping before epoch {} of {}: {}", epoch, conf.epochs(), stopReason.get());
                    break;
                }
                EpochRunner.EpochOutcome done = runner.run(epoch);
                if (conf.collectStats()) {
                    phaseStats.add(done.phases());
                    outputs.writeStats(phaseStats);
                }
                boolean validate = tracker.validates();
                ClassificationMetrics validation = !validate || detections.isPresent() ? null
                        : evaluator.evaluate(network, plan.shards(), conf.evaluateSplit(), plan.classes());
                CocoMetrics detection = !validate || detections.isEmpty() ? null : detections.get()
                        .evaluate(network.network(), plan.shards(), conf.evaluateSplit(), plan.classes()).metrics();
                EpochRecord record = new EpochRecord(epoch, done.samples(), done.rowsDecoded(), done.slices(),
                        done.loss(), done.seconds(), done.samples() / done.seconds(), validation, detection,
                        done.lossFunction());
                history.add(record);
                outputs.saveEpoch(epoch, plan.seed(), plan.configHash(), network, history, plan.input().fit(),
                        plan.head());
                tracker.observe(record);
                listener.epochFinished(record);
                Optional<String> asked = epoch + 1 < conf.epochs() ? listener.stopAfter(record) : Optional.empty();
                if (asked.isPresent()) {
                    stopReason = asked;
                    LOG.info("train: stopping after epoch {} of {}: {}", epoch + 1, conf.epochs(), asked.get());
                    break;
                }
            }
        } finally {
            runner.close();
        }
        int lastEpoch = history.isEmpty() ? firstEpoch - 1 : history.get(history.size() - 1).epoch();
        KeptModel kept = keep(tracker, lastEpoch, network, outputs, plan, hadoop);
        network = kept.network();
        TrainResult.KeptEpoch keptEpoch = tracker.kept(lastEpoch, stopReason, kept.fallback());
        // epochs are 0-based in the history and checkpoints, 1-based wherever a person reads them
        LOG.info("train: model.zip is epoch {} of {}: {}{}", keptEpoch.bestEpoch() + 1, keptEpoch.lastEpoch() + 1,
                keptEpoch.note(),
                keptEpoch.stoppedEarly() ? "; stopped early: " + keptEpoch.stopReason() : "");
        boolean testing = !conf.testSplit().isBlank();
        ClassificationMetrics test = !testing || detections.isPresent() ? null
                : evaluator.evaluate(network, plan.shards(), conf.testSplit(), plan.classes());
        CocoMetrics testDetection = null;
        if (testing && detections.isPresent()) {
            DetectionEvaluator.Outcome outcome = detections.get().evaluate(network.network(), plan.shards(),
                    conf.testSplit(), plan.classes());
            outputs.writeCoco(conf.testSplit(), outcome.groundTruth(), outcome.detections());
            testDetection = outcome.metrics();
        }
        Path model = kept.checkpoint().map(outputs::copyModel).orElseGet(() -> outputs.writeModel(kept.network()));
        TrainResult result = new TrainResult(model.toString(), plan.model().architecture().key(), plan.classes(),
                new int[] {plan.input().shape().channels(), plan.input().shape().height(), plan.input().shape().width()},
                plan.input().fit().policy().key(), plan.input().describe(), plan.task().name().toLowerCase(),
                plan.backgroundExcluded(), conf.epochs(), firstEpoch, history, test, ModelSummary.of(plan.spec()),
                provenance(plan), testDetection, plan.head().map(h -> new TrainResult.DetectorRecord(h.stride(),
                        h.anchors().pixels(), plan.model().detect().classLoss(), plan.model().detect().classWeights()))
                        .orElse(null), keptEpoch, plan.sampling().prior(keptEpoch.bestEpoch()),
                lossRecord(plan, keptEpoch.bestEpoch()), new TrainResult.BalanceRecord(
                        plan.sampling().balanced().strategyKey(), plan.sampling().startEpoch()));
        outputs.writeResult(result);
        return result;
    }

    /**
     * The network to test and save: the best epoch's, restored from its checkpoint once training is over (the
     * caller then drops the last epoch's, so two networks live together only for that hand-over), or the last epoch's when it is the best, when
     * nothing ranked the epochs, or when the best checkpoint cannot be read ({@code fallback} says so).
     *
     * @param checkpoint the checkpoint to copy as {@code model.zip}; empty to save {@code network} itself
     */
    private record KeptModel(DistributedNetwork network, Optional<CheckpointStore.Checkpoint> checkpoint,
            Optional<String> fallback) {}

    private static KeptModel keep(BestEpochTracker tracker, int lastEpoch, DistributedNetwork last,
            TrainingOutputs outputs, TrainingPlan plan, Configuration hadoop) {
        Optional<Integer> best = tracker.best().map(b -> b.epoch()).filter(e -> e != lastEpoch);
        if (best.isEmpty()) {
            return new KeptModel(last, Optional.empty(), Optional.empty());
        }
        Optional<CheckpointStore.Checkpoint> checkpoint = outputs.checkpointOf(best.get());
        if (checkpoint.isEmpty()) {
            String why = "the checkpoint of the best epoch, " + (best.get() + 1) + ", is missing or corrupt: the last"
                    + " epoch is kept";
            LOG.warn("train: {}", why);
            return new KeptModel(last, Optional.empty(), Optional.of(why));
        }
        LOG.info("train: restoring the best epoch, {}, from {}", best.get() + 1, checkpoint.get().modelPath());
        return new KeptModel(restore(checkpoint.get().modelPath(), plan.spec().isGraph(), hadoop), checkpoint,
                Optional.empty());
    }

    /** The detector's one inference path: the run's input step and normalisation, its head, {@code model.detect}. */
    static DetectorInference inference(TrainingPlan plan, YoloHead head) {
        return inference(plan.input().fit(), plan.conf(), head, plan.classes().size(), plan.model().detect());
    }

    /** The same path for a network of input step {@code fit}, normalised as {@code conf} says. */
    static DetectorInference inference(InputFit fit, TrainConf conf, YoloHead head, int classes, DetectConf d) {
        return new DetectorInference(fit, new ToTensor(conf.mean(), conf.std()),
                YoloDecoder.forHead(head, classes, d.scoreThreshold(), new Nms(d.nmsIou(), d.maxDetections())));
    }

    /** The network the first epoch starts from: a checkpoint's, a warm start's, or a fresh initialisation. */
    private DistributedNetwork startingNetwork(TrainingPlan plan, Optional<CheckpointStore.Checkpoint> checkpoint,
            Configuration hadoop) {
        if (checkpoint.isPresent()) {
            CheckpointStore.Checkpoint c = checkpoint.get();
            if (!c.info().configHash().equals(plan.configHash())) {
                LOG.warn("resuming from a checkpoint written with another configuration ({} vs {})",
                        c.info().configHash(), plan.configHash());
            }
            LOG.info("resuming after epoch {} from {}", c.info().epoch(), c.modelPath());
            return restore(c.modelPath(), plan.spec().isGraph(), hadoop);
        }
        if (warmStart.isPresent()) {
            LOG.info("warm start from {}", warmStart.get().modelPath());
            return WarmStart.from(warmStart.get(), plan.spec(), plan.model().architecture().key(), plan.classes(),
                    hadoop);
        }
        return DistributedNetwork.of((org.deeplearning4j.nn.api.Model) plan.spec().newNetwork());
    }

    /** The loss as configured, with the kept epoch's loss in words. */
    static TrainResult.LossRecord lossRecord(TrainingPlan plan, int keptEpoch) {
        io.augflow.train.loss.LossConf c = plan.losses().conf();
        // a detector's class-balanced weights come from the split's box counts (DetectorClassLoss), not the prior
        String kept = plan.task() == io.augflow.pipeline.stream.StreamTask.DETECT
                ? c.describe(0) + (c.classBalanced().enabled() ? ", box counts of the train split" : "")
                : plan.losses().describe(Math.max(0, keptEpoch));
        return new TrainResult.LossRecord(c.type().key(), c.parameters(), c.classBalanced().enabled(), c.classBalanced().beta(),
                c.drwEpoch(), kept);
    }

    private Map<String, Object> provenance(TrainingPlan plan) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("dataset", plan.datasetPath());
        p.put("trainRows", plan.stats().images());
        // corrupt part files left out (input.on-corrupt-file = skip): their rows are unknown and not in trainRows
        p.put("skippedFiles", plan.files().skippedProvenance());
        p.put("copyPasteDonors", plan.donors().size());
        p.put("seed", plan.seed());
        p.put("configHash", plan.configHash());
        p.put("warmStart", warmStart.map(TrainedModel::modelPath).orElse("scratch"));
        p.put("config", plan.configText());
        p.put("created", Instant.now().toString());
        return p;
    }

    private static DistributedNetwork restore(String modelPath, boolean graph, Configuration hadoop) {
        Path path = new Path(modelPath);
        try (InputStream in = path.getFileSystem(hadoop).open(path)) {
            return DistributedNetwork.restore(in, graph);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore the checkpoint " + modelPath, e);
        }
    }
}
