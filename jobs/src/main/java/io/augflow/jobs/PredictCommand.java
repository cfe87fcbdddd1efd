package io.augflow.jobs;

import com.typesafe.config.Config;
import io.augflow.augment.OpenCv;
import io.augflow.pipeline.spark.SparkSessions;
import io.augflow.train.backend.CpuBackend;
import io.augflow.train.backend.CpuLaunchSettings;
import io.augflow.train.ensemble.EnsembleModel;
import io.augflow.train.ensemble.EnsemblePrediction;
import io.augflow.train.model.ModelConf;
import io.augflow.train.predict.ModelLocator;
import io.augflow.train.predict.PredictConf;
import io.augflow.train.predict.PredictJob;
import io.augflow.train.predict.PredictSummary;
import io.augflow.train.saved.SavedModelPrediction;
import io.augflow.train.spark.TrainConf;
import io.augflow.train.spark.TrainedModel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code augflow predict}: a trained model over a dataset or an image folder ({@link PredictJob}). */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Predict with a trained model on the executors, with the model's recorded input size,"
            + " normalisation and resize policy.",
            "Classifier: Parquet id, source, predicted, predicted_index, score, top_k (class, index, probability)."
                + " Detector: Parquet id, source, width, height, boxes (class, class_id, x, y, w, h, score) in the"
                + " original image's pixels; with --format coco also COCO JSON in the output folder.",
            "Bad or unreadable images go to <output>_quarantine with a reason; rows in = predicted + quarantined."})
public final class PredictCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "MODEL", description = {"A training output folder,"
            + " its model.zip, an ensemble's folder (augflow ensemble), or a model registry: REGISTRY (its champion),"
            + " REGISTRY:champion or REGISTRY:VERSION (3, v3, v0003)."})
    String model;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "PATH",
            description = "An augflow dataset (every split) or a folder of images (read as ingest reads one).")
    String input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "PATH",
            description = "The predictions folder to create (and <PATH>_quarantine).")
    String output;

    @Option(names = "--tta", paramLabel = "none|flip",
            description = "Test-time augmentation: flip = the image and its mirror (classifier: mean of the two"
                    + " softmax; detector: both sets of boxes merged by per-class NMS) (augflow.predict.tta, none).")
    String tta;

    @Option(names = "--top-k", paramLabel = "K",
            description = "Classes kept per image of a classifier, capped at the class count"
                    + " (augflow.predict.top-k, " + PredictConf.DEFAULT_TOP_K + ").")
    Integer topK;

    @Option(names = "--format", paramLabel = "parquet|coco",
            description = "coco: a detector's predictions also as COCO results JSON (augflow.predict.format, parquet).")
    String format;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "Images per forward pass on an executor; 0 = augflow.train.batch-size-per-worker"
                    + " (augflow.predict.batch-size, 0).")
    Integer batchSize;

    @Option(names = "--score-threshold", paramLabel = "S",
            description = "Detector: lowest kept score (augflow.predict.score-threshold; unset: the model's).")
    Double scoreThreshold;

    @Option(names = "--nms-iou", paramLabel = "IOU",
            description = "Detector: per-class NMS IoU (augflow.predict.nms-iou; unset: the model's).")
    Double nmsIou;

    @Option(names = "--max-detections", paramLabel = "N",
            description = "Detector: boxes kept per image (augflow.predict.max-detections; unset: the model's).")
    Integer maxDetections;

    @Option(names = "--overwrite", description = "Replace existing outputs (only once the new ones are complete).")
    boolean overwrite;

    @Option(names = "--logit-adjust", paramLabel = "TAU",
            description = "Post-hoc logit adjustment (Menon et al. 2021): divide a classifier's probabilities by the"
                    + " training class prior (model.json 'prior') to the power TAU and renormalise, raising rare"
                    + " classes; 1 targets balanced error (augflow.predict.logit-adjustment.tau, 0 = off).")
    Double logitAdjust;

    @Option(names = "--timeout-minutes", paramLabel = "MINUTES",
            description = "Cancel the run and fail after this long, so it never hangs (augflow.predict.timeout,"
                    + " 120 minutes).")
    Double timeoutMinutes;

    /** The configuration with this command's flags over {@code augflow.predict}'s keys (a flag beats the file). */
    Config resolveConf() {
        Map<String, Object> o = new LinkedHashMap<>();
        String block = "augflow." + PredictConf.PATH + ".";
        GenerateCommand.putIfSet(o, block + PredictConf.TTA, tta);
        GenerateCommand.putIfSet(o, block + PredictConf.TOP_K, topK);
        GenerateCommand.putIfSet(o, block + PredictConf.FORMAT, format);
        GenerateCommand.putIfSet(o, block + PredictConf.BATCH_SIZE, batchSize);
        GenerateCommand.putIfSet(o, block + PredictConf.SCORE_THRESHOLD, scoreThreshold);
        GenerateCommand.putIfSet(o, block + PredictConf.NMS_IOU, nmsIou);
        GenerateCommand.putIfSet(o, block + PredictConf.MAX_DETECTIONS, maxDetections);
        GenerateCommand.putIfSet(o, block + PredictConf.LOGIT_ADJUSTMENT + "." + PredictConf.TAU, logitAdjust);
        if (timeoutMinutes != null) {
            // milliseconds: HOCON durations take no fractions of a minute in every form
            o.put(block + PredictConf.TIMEOUT, Math.round(timeoutMinutes * 60_000) + " ms");
        }
        return common.resolve(o);
    }

    /** The run's settings, resolved and checked on the driver before Spark starts. */
    PredictConf predictConf(Config conf) {
        return PredictConf.fromRoot(conf, TrainConf.fromRoot(conf).batchSizePerWorker(), overwrite);
    }

    @Override
    public Integer call() {
        Config conf = resolveConf();
        PredictConf predict = predictConf(conf);
        TrainConf train = TrainConf.fromRoot(conf);
        ModelConf modelConf = ModelConf.fromRoot(conf);
        OpenCv.load();
        CpuBackend.configureFromSystemProperties();
        CpuBackend.tuneNd4j();
        SparkSession spark = SparkSessions.getOrCreate(conf.getConfig("spark"), "predict",
                sparkConf -> CpuLaunchSettings.defaults(sparkConf.getInt("spark.task.cpus", 1)).applyTo(sparkConf));
        String zip = ModelLocator.resolve(model, spark.sparkContext().hadoopConfiguration());
        PredictSummary s;
        if (ModelLocator.isEnsemble(zip)) {
            if (predict.logitAdjustmentTau() > 0) {
                throw new IllegalArgumentException("--logit-adjust (augflow.predict.logit-adjustment.tau = "
                        + predict.logitAdjustmentTau() + ") adjusts a single classifier by its training prior; " + zip
                        + " is an ensemble: set it to 0");
            }
            EnsembleModel ensemble = EnsembleModel.read(zip, spark.sparkContext().hadoopConfiguration());
            s = EnsemblePrediction.run(spark, predict, ensemble, train, modelConf.detect(), input, output,
                    System.err::println);
        } else {
            TrainedModel trained = TrainedModel.read(zip, spark.sparkContext().hadoopConfiguration());
            s = new SavedModelPrediction(spark, predict, System.err::println)
                    .run(trained, train, modelConf.detect(), input, output);
        }
        System.out.println(s.describe());
        s.extraFiles().forEach(file -> System.out.println("coco:    " + file));
        return 0;
    }
}
