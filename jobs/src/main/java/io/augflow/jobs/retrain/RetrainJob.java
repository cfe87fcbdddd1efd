package io.augflow.jobs.retrain;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.augflow.jobs.report.OriginalSamplesGrid;
import io.augflow.jobs.report.ReportConf;
import io.augflow.jobs.report.ReportHtml;
import io.augflow.jobs.report.ReportJob;
import io.augflow.jobs.report.ReportModel;
import io.augflow.jobs.retrain.RetrainRecord.BalanceSummary;
import io.augflow.jobs.retrain.RetrainRecord.ClassBalance;
import io.augflow.jobs.retrain.RetrainRecord.TrainingSummary;
import io.augflow.jobs.trainreport.TrainingReport;
import io.augflow.pipeline.dataset.DatasetMetadata;
import io.augflow.pipeline.dataset.DatasetReader;
import io.augflow.pipeline.stats.StatsConf;
import io.augflow.train.detect.eval.CocoMetrics;
import io.augflow.train.eval.ClassificationMetrics;
import io.augflow.train.model.ModelTask;
import io.augflow.train.predict.ModelLocator;
import io.augflow.train.registry.DatasetSnapshot;
import io.augflow.train.registry.ModelRegistry;
import io.augflow.train.registry.ModelVersion;
import io.augflow.train.registry.RegistryLock;
import io.augflow.train.registry.VersionMetadata;
import io.augflow.train.retrain.DataDelta;
import io.augflow.train.retrain.DatasetSnapshots;
import io.augflow.train.retrain.PromotionDecision;
import io.augflow.train.retrain.PromotionRule;
import io.augflow.train.retrain.RetrainConf;
import io.augflow.train.spark.EpochListener;
import io.augflow.train.spark.SparkTrainer;
import io.augflow.train.spark.TrainingConf;
import io.augflow.train.spark.TrainResult;
import io.augflow.train.spark.TrainedModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scheduled retrain, under the registry lock:
 * <ol>
 *   <li>no champion yet: train the first model from scratch, register and promote it;</li>
 *   <li>otherwise the data delta against the champion's dataset snapshot; too little new data ends the run
 *       ({@link RetrainOutcome#NOTHING_TO_DO}) before anything is trained;</li>
 *   <li>the balancing report of the dataset ({@code balance/}, the {@code report} job's HTML and JSON);</li>
 *   <li>the challenger: {@code retrain.epochs} epochs of the configured training, warm-started from the
 *       champion's weights when {@code retrain.warm-start};</li>
 *   <li>both models scored on the same holdout split, not augmented, on the executors (classifiers with the
 *       classification metrics, detectors with COCO's, each model with its own input step and, for a detector, its
 *       own head), and the {@link io.augflow.train.retrain.PromotionRule} applied;</li>
 *   <li>the challenger registered (always, with its parent, dataset snapshot, config hash, seed and metrics),
 *       the run report written, and, last of all, the promotion when the rule accepted it.</li>
 * </ol>
 * Promotion being the last step, a failure anywhere before it leaves the champion as it was. A failed run still
 * writes a {@code retrain.json} with outcome {@code failed} and the error.
 */
public final class RetrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(RetrainJob.class);
    public static final String JSON_FILE = "retrain.json";
    public static final String HTML_FILE = "retrain-report.html";
    public static final String BALANCE_DIR = "balance";
    public static final String MODEL_DIR = "model";

    /** Hears about the run's registry steps (tests inject failures here). */
    public interface Steps {
        Steps NONE = new Steps() {};

        /** The new model is registered; the report and the promotion follow. */
        default void registered(ModelVersion version) {}
    }

    /**
     * What a retrain reads from the configuration, checked once on the driver: the training run, the
     * {@code retrain} block, the balancing report's {@code report} block and the hash of the whole configuration
     * (recorded with the balancing report).
     */
    public record Settings(TrainingConf training, RetrainConf retrain, ReportConf report, String configHash) {

        /** @param root the resolved {@code augflow} block */
        public static Settings from(Config root) {
            return new Settings(TrainingConf.from(root), RetrainConf.fromRoot(root),
                    ReportConf.from(root.hasPath("report") ? root.getConfig("report") : ConfigFactory.empty()),
                    ReportJob.configHash(root));
        }
    }

    private final SparkSession spark;
    private final Settings settings;
    private final TrainingConf training;
    private final RetrainConf conf;
    private final long seed;
    private final EpochListener progress;
    private final Steps steps;

    /**
     * @param settings the checked configuration ({@link Settings#from})
     * @param progress hears the training epochs (the console bar)
     */
    public RetrainJob(SparkSession spark, Settings settings, EpochListener progress, Steps steps) {
        this.spark = spark;
        this.settings = settings;
        this.training = settings.training();
        this.conf = settings.retrain();
        this.seed = training.seed();
        this.progress = progress;
        this.steps = steps;
    }

    /**
     * Runs the retrain of {@code dataset} against {@code registry}, writing into {@code runDir}.
     *
     * @throws io.augflow.train.registry.RegistryLockedException when another run holds the registry lock
     *         (nothing is written then)
     */
    public RetrainRecord run(String dataset, ModelRegistry registry, String runDir) {
        Run run = new Run(dataset, registry.root(), runDir);
        try (RegistryLock lock = registry.lock("retrain " + dataset + " -> " + runDir)) {
            try {
                return execute(run, registry);
            } catch (RuntimeException e) {
                String message = message(e);
                run.error = message;
                try {
                    run.championAfter = registry.champion().map(ModelVersion::version).orElse(null);
                    writeReport(run.record(RetrainOutcome.FAILED, "failed: " + message, List.of(message)));
                } catch (RuntimeException writeFailure) {
                    e.addSuppressed(writeFailure);
                }
                throw e;
            }
        }
    }

    private RetrainRecord execute(Run run, ModelRegistry registry) {
        StatsConf stats = training.stats();
        DatasetMetadata metadata = DatasetReader.readMetadata(spark, run.dataset);
        Optional<ModelVersion> champion = registry.champion();
        run.championBefore = champion.map(ModelVersion::version).orElse(null);
        long start = System.nanoTime();
        DatasetSnapshot snapshot = DatasetSnapshots.take(spark, run.dataset, stats);
        LOG.info("retrain: dataset snapshot {} rows ({}) in {}", snapshot.rows(), snapshot.rowsByClass(), since(start));
        if (champion.isEmpty()) {
            return firstModel(run, registry, snapshot, metadata.classes());
        }
        ModelVersion current = champion.get();
        run.delta = DataDelta.between(current.version(), current.metadata().dataset(), snapshot);
        if (!run.delta.worthRetraining(conf)) {
            String summary = "nothing to do: " + run.delta.describe(conf);
            run.championAfter = current.version();
            return writeReport(run.record(RetrainOutcome.NOTHING_TO_DO, summary, List.of(summary)));
        }
        TrainedModel championModel = TrainedModel.read(registry.modelPath(current.version()), hadoop());
        // checked before anything is trained: a metric of the other task is a configuration error
        conf.promotionRule(championModel.isDetector());
        if (championModel.isDetector() && ModelLocator.isEnsemble(championModel.modelPath())) {
            throw new IllegalArgumentException("champion v" + current.version() + " is a detector ensemble ("
                    + championModel.modelPath() + "): retrain does not score detector ensembles yet; promote a"
                    + " single detector, or compare by hand with predict --format coco");
        }
        if (conf.warmStart() && ModelLocator.isEnsemble(championModel.modelPath())) {
            throw new IllegalArgumentException("champion v" + current.version() + " is an ensemble ("
                    + championModel.modelPath() + "): a warm start needs one network; set augflow.retrain.warm-start"
                    + " = false to train the challenger from scratch (it is then compared with the ensemble)");
        }
        boolean classesChanged = !championModel.classes().equals(metadata.classes());
        if (classesChanged && conf.warmStart()) {
            throw new IllegalArgumentException("the classes changed since champion v" + current.version() + " ("
                    + championModel.classes() + " -> " + metadata.classes() + "): a warm start cannot reuse its"
                    + " output layer; set augflow.retrain.warm-start = false to train the challenger from scratch");
        }
        start = System.nanoTime();
        run.balance = balanceReport(run);
        LOG.info("retrain: balancing report in {}", since(start));

        String trainedFrom = conf.warmStart() ? ModelVersion.label(current.version()) : VersionMetadata.SCRATCH;
        TrainResult trained = train(run, conf.epochs(), conf.warmStart() ? Optional.of(championModel)
                : Optional.empty(), trainedFrom);
        start = System.nanoTime();
        List<String> reasons = compare(run, current.version(), championModel, trained, metadata.classes());
        boolean promote = run.decision != null && run.decision.promote();
        LOG.info("retrain: holdout evaluation in {}: {}", since(start), reasons);
        String note = (promote ? "promoted" : "rejected") + " by retrain run " + run.runDir + "; metrics on split '"
                + conf.holdoutSplit() + "'";
        ModelVersion registered = registry.register(modelDir(run), new VersionMetadata(current.version(), snapshot,
                run.training.configHash(), seed, run.registryMetrics(), Instant.now(), trainedFrom, note));
        run.challenger = registered.version();
        steps.registered(registered);

        RetrainRecord record;
        if (promote) {
            run.championAfter = registered.version();
            record = writeReport(run.record(RetrainOutcome.PROMOTED, String.format(Locale.ROOT,
                    "promoted v%d over champion v%d: %s %.4f vs %.4f (%+.4f) on split '%s'", registered.version(),
                    current.version(), run.decision.metric(), run.decision.challengerScore(),
                    run.decision.championScore(), run.decision.improvement(), conf.holdoutSplit()), reasons));
            registry.promote(registered.version(), String.format(Locale.ROOT, "retrain: %s %+.4f over v%d on split"
                    + " '%s' (%s)", run.decision.metric(), run.decision.improvement(), current.version(),
                    conf.holdoutSplit(), run.runDir));
        } else {
            run.championAfter = current.version();
            String why = run.decision == null ? reasons.get(0) : failedReasons(run.decision, reasons);
            record = writeReport(run.record(RetrainOutcome.REJECTED, "rejected v" + registered.version()
                    + ", champion v" + current.version() + " kept: " + why, reasons));
        }
        return record;
    }

    /**
     * Scores the challenger, and the champion when the classes are the same, on the holdout split, and applies the
     * promotion rule ({@code run.decision}); returns the reasons. Models of different classes are not compared: the
     * challenger cannot be promoted automatically then.
     */
    private List<String> compare(Run run, int championVersion, TrainedModel champion, TrainResult challenger,
            List<String> classes) {
        run.holdoutSplit = conf.holdoutSplit();
        TrainedModel challengerModel = TrainedModel.read(challenger.model(), hadoop());
        score(run, challengerModel, classes, false);
        if (!champion.classes().equals(classes)) {
            return List.of("the classes changed since champion v" + championVersion + " (" + champion.classes()
                    + " -> " + classes + "): the models cannot be compared on the same terms; review the challenger"
                    + " and promote it by hand");
        }
        if (champion.isDetector() != challengerModel.isDetector()) {
            return List.of("the task changed since champion v" + championVersion + " (" + champion.task().key()
                    + " -> " + challengerModel.task().key() + "): the models cannot be compared on the same terms;"
                    + " review the challenger and promote it by hand");
        }
        score(run, champion, classes, true);
        PromotionRule rule = conf.promotionRule(champion.isDetector());
        run.decision = champion.isDetector() ? rule.decide(run.championDetection, run.challengerDetection)
                : rule.decide(run.championMetrics, run.challengerMetrics);
        return run.decision.reasons();
    }

    /**
     * Scores {@code model} on the holdout split: a detector with the COCO evaluator, a classifier with the
     * classification metrics; into the champion's or the challenger's slot of {@code run}.
     */
    private void score(Run run, TrainedModel model, List<String> classes, boolean champion) {
        HoldoutScorer scorer = new HoldoutScorer(spark, training.train(), training.model().detect(),
                conf.holdoutSplit());
        if (model.isDetector()) {
            CocoMetrics m = scorer.detect(model, run.dataset, classes);
            if (champion) {
                run.championDetection = m;
            } else {
                run.challengerDetection = m;
            }
        } else {
            ClassificationMetrics m = scorer.classify(model, run.dataset, classes);
            if (champion) {
                run.championMetrics = m;
            } else {
                run.challengerMetrics = m;
            }
        }
    }

    /** No champion yet: the configured training from scratch, registered and promoted as "first model". */
    private RetrainRecord firstModel(Run run, ModelRegistry registry, DatasetSnapshot snapshot, List<String> classes) {
        if (training.model().task() != ModelTask.AUTO) {
            // a metric of the other task is a configuration error: refuse it before training
            conf.promotionRule(training.model().task() == ModelTask.DETECT);
        }
        run.balance = balanceReport(run);
        int epochs = training.train().epochs();
        TrainResult trained = train(run, epochs, Optional.empty(), VersionMetadata.SCRATCH);
        run.holdoutSplit = conf.holdoutSplit();
        TrainedModel model = TrainedModel.read(trained.model(), hadoop());
        score(run, model, classes, false);
        PromotionRule rule = conf.promotionRule(model.isDetector());
        double score = model.isDetector() ? rule.metric().of(run.challengerDetection)
                : rule.metric().of(run.challengerMetrics);
        ModelVersion registered = registry.register(modelDir(run), new VersionMetadata(null, snapshot,
                run.training.configHash(), seed, run.registryMetrics(), Instant.now(),
                VersionMetadata.SCRATCH, "first model, retrain run " + run.runDir + "; metrics on split '"
                + conf.holdoutSplit() + "'"));
        run.challenger = registered.version();
        steps.registered(registered);
        run.championAfter = registered.version();
        RetrainRecord record = writeReport(run.record(RetrainOutcome.FIRST_MODEL, String.format(Locale.ROOT,
                "first model: v%d registered and promoted (%s %.4f on split '%s')", registered.version(),
                rule.metric().key(), score, conf.holdoutSplit()),
                List.of("first model")));
        registry.promote(registered.version(), "first model");
        return record;
    }

    private TrainResult train(Run run, int epochs, Optional<TrainedModel> warmStart, String trainedFrom) {
        SparkTrainer trainer = new SparkTrainer(spark, training.withEpochs(epochs));
        if (warmStart.isPresent()) {
            trainer = trainer.warmStartFrom(warmStart.get());
        }
        LOG.info("retrain: training {} epochs from {} into {}", epochs, trainedFrom, modelDir(run));
        long start = System.nanoTime();
        TrainResult result = trainer.train(run.dataset, modelDir(run), false, progress);
        double seconds = (System.nanoTime() - start) / 1e9;
        RunFiles.write(modelDir(run), TrainingReport.FILE_NAME, TrainingReport.render(result, modelDir(run), spark),
                hadoop());
        run.training = new TrainingSummary(modelDir(run), MODEL_DIR + "/" + TrainingReport.FILE_NAME, trainedFrom,
                epochs, seconds, String.valueOf(result.provenance().get("configHash")), seed);
        return result;
    }

    /** The {@code report} job's balancing report of the dataset, into {@code balance/}. */
    private BalanceSummary balanceReport(Run run) {
        var reportSettings = new ReportJob.Settings(
                training.stats(), training.balance(), settings.report(), settings.configHash(), seed,
                training.onCorruptFile(), training.model(), java.util.Optional.empty());
        ReportModel model = new ReportJob(reportSettings, new OriginalSamplesGrid()).build(spark, run.dataset, Instant.now());
        String dir = new Path(run.runDir, BALANCE_DIR).toString();
        RunFiles.write(dir, ReportJob.JSON_FILE, model.toJson(), hadoop());
        RunFiles.write(dir, ReportJob.HTML_FILE, ReportHtml.render(model), hadoop());
        List<ClassBalance> classes = model.classes().stream()
                .map(c -> new ClassBalance(c.name(), c.images(), c.epochImages())).toList();
        return new BalanceSummary(BALANCE_DIR + "/" + ReportJob.HTML_FILE, BALANCE_DIR + "/" + ReportJob.JSON_FILE,
                model.plan().strategy(), model.totals().imbalanceBefore(), model.totals().imbalanceAfter(), classes);
    }

    private RetrainRecord writeReport(RetrainRecord record) {
        RunFiles.write(record.runDir(), JSON_FILE, record.toJson(), hadoop());
        RunFiles.write(record.runDir(), HTML_FILE, RetrainReportHtml.render(record), hadoop());
        return record;
    }

    /**
     * The registry's metrics of a version, on the holdout split (named in the version's note): {@code accuracy},
     * {@code macro_f1}, {@code balanced_accuracy} (the names {@code augflow models} shows) and
     * {@code recall.<class>}.
     */
    static Map<String, Double> metricsByName(ClassificationMetrics m) {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("accuracy", m.accuracy());
        out.put("macro_f1", m.macroF1());
        out.put("balanced_accuracy", m.balancedAccuracy());
        m.perClass().forEach(c -> out.put("recall." + c.name(), c.recall()));
        return out;
    }

    /**
     * The registry's metrics of a detector, on the holdout split: COCO's {@code ap}, {@code ap50}, {@code ap75},
     * {@code ap_small}, {@code ap_medium}, {@code ap_large}, {@code ar100} and {@code ap.<class>} (-1 where no
     * ground truth counts, pycocotools' convention).
     */
    static Map<String, Double> metricsByName(CocoMetrics m) {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("ap", m.ap());
        out.put("ap50", m.ap50());
        out.put("ap75", m.ap75());
        out.put("ap_small", m.apSmall());
        out.put("ap_medium", m.apMedium());
        out.put("ap_large", m.apLarge());
        out.put("ar100", m.ar100());
        m.perClass().forEach(c -> out.put("ap." + c.name(), c.ap()));
        return out;
    }

    /** The failing sentences of a rejection, joined. */
    private static String failedReasons(PromotionDecision decision, List<String> reasons) {
        List<String> failed = new ArrayList<>();
        if (!decision.metricImproved()) {
            failed.add(reasons.get(0));
        }
        reasons.stream().filter(r -> r.startsWith(decision.classFigure() + " of class")).forEach(failed::add);
        return failed.isEmpty() ? String.join("; ", reasons) : String.join("; ", failed);
    }

    private static String modelDir(Run run) {
        return new Path(run.runDir, MODEL_DIR).toString();
    }

    private static String since(long startNanos) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }

    private Configuration hadoop() {
        return spark.sparkContext().hadoopConfiguration();
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m != null ? m : e.getCause() != null ? message(e.getCause()) : e.getClass().getName();
    }

    /** What the run has found so far; each step fills its part, and any exit turns it into a record. */
    private static final class Run {
        final String dataset;
        final String registry;
        final String runDir;
        final Instant started = Instant.now();
        Integer championBefore;
        Integer challenger;
        Integer championAfter;
        DataDelta delta;
        BalanceSummary balance;
        TrainingSummary training;
        String holdoutSplit;
        ClassificationMetrics championMetrics;
        ClassificationMetrics challengerMetrics;
        CocoMetrics championDetection;
        CocoMetrics challengerDetection;
        PromotionDecision decision;
        String error;

        Run(String dataset, String registry, String runDir) {
            this.dataset = dataset;
            this.registry = registry;
            this.runDir = runDir;
        }

        RetrainRecord record(RetrainOutcome outcome, String summary, List<String> reasons) {
            return new RetrainRecord(outcome, summary, reasons, dataset, registry, runDir, started.toString(),
                    Instant.now().toString(), championBefore, challenger, championAfter, delta, balance, training,
                    holdoutSplit, championMetrics, challengerMetrics, decision, error, championDetection,
                    challengerDetection);
        }

        /** The challenger's holdout metrics as the registry records them. */
        Map<String, Double> registryMetrics() {
            return challengerDetection != null ? metricsByName(challengerDetection) : metricsByName(challengerMetrics);
        }
    }
}
