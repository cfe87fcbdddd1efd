package io.augflow.jobs;

import com.typesafe.config.Config;
import io.augflow.augment.OpenCv;
import io.augflow.jobs.evaluate.EvaluateJob;
import io.augflow.jobs.evaluate.EvaluationRecord;
import io.augflow.pipeline.spark.SparkSessions;
import io.augflow.train.backend.CpuBackend;
import io.augflow.train.backend.CpuLaunchSettings;
import io.augflow.train.eval.CalibrationCurve;
import io.augflow.train.evaluate.EvaluateConf;
import io.augflow.train.model.ModelConf;
import io.augflow.train.predict.ModelLocator;
import io.augflow.train.predict.PredictConf;
import io.augflow.train.predict.TestTimeAugmentation;
import io.augflow.train.spark.TrainConf;
import io.augflow.train.spark.TrainedModel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code augflow evaluate}: a trained model scored on one split of a dataset ({@link EvaluateJob}). */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Score a trained model on one split of an augflow dataset, on the executors, with the same"
            + " inference path as predict (the model's recorded input size, normalisation and resize policy).",
            "Writes into the output folder: metrics.json and metrics.html. Classifier: accuracy, macro-F1, balanced"
                + " accuracy, per-class precision/recall/F1, confusion matrix, reliability diagram and expected"
                + " calibration error. Detector: COCO's 12 stats and AP per class, plus coco_instances.json (the"
                + " split's ground truth) and coco_results.json (the detections).",
            "Rows whose image does not decode are quarantined and counted, not scored."})
public final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "MODEL", description = {"A training output folder,"
            + " its model.zip, or a model registry: REGISTRY (its champion), REGISTRY:champion or REGISTRY:VERSION"
            + " (3, v3, v0003)."})
    String model;

    @Option(names = {"-d", "--dataset"}, required = true, paramLabel = "PATH",
            description = "The augflow dataset, with the model's classes.")
    String dataset;

    @Option(names = "--split", paramLabel = "train|val|test", defaultValue = "test",
            description = "The split to score. Default: ${DEFAULT-VALUE}.")
    String split;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FOLDER",
            description = "The folder to create with metrics.json, metrics.html (and a detector's COCO files).")
    String output;

    @Option(names = "--tta", paramLabel = "none|flip", defaultValue = "none",
            description = "Test-time augmentation, as predict's. Default: ${DEFAULT-VALUE}.")
    String tta;

    @Option(names = "--calibration-bins", paramLabel = "N", defaultValue = "" + CalibrationCurve.DEFAULT_BINS,
            description = "Equal-width confidence bins of the reliability diagram. Default: ${DEFAULT-VALUE}.")
    int bins;

    @Option(names = "--overwrite", description = "Replace an existing output folder (only once the new one is"
            + " complete).")
    boolean overwrite;

    @Option(names = "--logit-adjust", paramLabel = "TAU",
            description = "Post-hoc logit adjustment, as predict's (augflow.predict.logit-adjustment.tau, 0 = off).")
    Double logitAdjust;

    @Option(names = "--timeout-minutes", paramLabel = "MINUTES", defaultValue = PredictConf.DEFAULT_TIMEOUT_MINUTES,
            description = "Cancel the run and fail after this long (it never hangs). Default: ${DEFAULT-VALUE}.")
    double timeoutMinutes;

    @Override
    public Integer call() {
        Config conf = common.resolve(logitAdjust == null ? Map.of() : Map.of("augflow." + PredictConf.PATH + "."
                + PredictConf.LOGIT_ADJUSTMENT + "." + PredictConf.TAU, logitAdjust));
        double tau = PredictConf.logitAdjustmentTau(io.augflow.augment.conf.ConfBlock.of(conf, PredictConf.PATH));
        TestTimeAugmentation augmentation = TestTimeAugmentation.fromKey(tta, "--tta");
        Duration timeout = Duration.ofMillis(Math.round(timeoutMinutes * 60_000));
        TrainConf train = TrainConf.fromRoot(conf);
        ModelConf modelConf = ModelConf.fromRoot(conf);
        OpenCv.load();
        CpuBackend.configureFromSystemProperties();
        CpuBackend.tuneNd4j();
        SparkSession spark = SparkSessions.getOrCreate(conf.getConfig("spark"), "evaluate",
                sparkConf -> CpuLaunchSettings.defaults(sparkConf.getInt("spark.task.cpus", 1)).applyTo(sparkConf));
        String zip = ModelLocator.resolve(model, spark.sparkContext().hadoopConfiguration());
        TrainedModel trained = TrainedModel.read(zip, spark.sparkContext().hadoopConfiguration());
        // the model's own batch size, as its training evaluated it
        EvaluateConf evaluate = new EvaluateConf(augmentation, trained.trainConf(train).batchSizePerWorker(), bins,
                timeout, "evaluate --timeout-minutes", tau);
        EvaluationRecord r = new EvaluateJob(spark, evaluate, overwrite, System.err::println)
                .run(trained, train, modelConf.detect(), dataset, split, output);
        System.out.println(r.summary());
        System.out.println("metrics: " + new Path(output, EvaluateJob.JSON_FILE));
        System.out.println("report:  " + new Path(output, EvaluateJob.HTML_FILE));
        if (r.isDetector()) {
            System.out.println("coco:    " + new Path(output, EvaluateJob.COCO_INSTANCES) + ", "
                    + new Path(output, EvaluateJob.COCO_RESULTS));
        }
        return ExitCodes.OK;
    }
}
