package io.augflow.jobs;

import com.typesafe.config.Config;
import io.augflow.augment.OpenCv;
import io.augflow.pipeline.ingest.IngestConf;
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
import io.augflow.train.predict.TestTimeAugmentation;
import io.augflow.train.spark.TrainConf;
import io.augflow.train.spark.TrainedModel;
import java.util.Locale;
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

    @Option(names = "--tta", paramLabel = "none|flip", defaultValue = "none",
            description = "Test-time augmentation: flip = the image and its mirror (classifier: mean of the two"
                    + " softmax; detector: both sets of boxes merged by per-class NMS). Default: ${DEFAULT-VALUE}.")
    String tta;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "" + PredictConf.DEFAULT_TOP_K,
            description = "Classes kept per image of a classifier (capped at the class count)."
                    + " Default: ${DEFAULT-VALUE}.")
    int topK;

    @Option(names = "--format", paramLabel = "parquet|coco", defaultValue = "parquet",
            description = "coco: a detector's predictions also as COCO results JSON. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--overwrite", description = "Replace existing outputs (only once the new ones are complete).")
    boolean overwrite;

    @Option(names = "--timeout-minutes", paramLabel = "MINUTES", defaultValue = PredictConf.DEFAULT_TIMEOUT_MINUTES,
            description = "Cancel the run and fail after this long (it never hangs). Default: ${DEFAULT-VALUE}.")
    double timeoutMinutes;

    @Override
    public Integer call() {
        Config conf = common.resolve(Map.of());
        TestTimeAugmentation augmentation = TestTimeAugmentation.fromKey(tta, "--tta");
        String f = format.strip().toLowerCase(Locale.ROOT);
        if (!f.equals("parquet") && !f.equals("coco")) {
            throw new IllegalArgumentException("--format must be parquet or coco, got \"" + format + "\"");
        }
        TrainConf train = TrainConf.fromRoot(conf);
        ModelConf modelConf = ModelConf.fromRoot(conf);
        long maxPixels = conf.hasPath("ingest." + IngestConf.MAX_PIXELS)
                ? conf.getLong("ingest." + IngestConf.MAX_PIXELS) : IngestConf.DEFAULT_MAX_PIXELS;
        int partitions = conf.hasPath("ingest." + IngestConf.PARTITIONS)
                ? conf.getInt("ingest." + IngestConf.PARTITIONS) : 0;
        PredictConf predict = new PredictConf(augmentation, topK, f.equals("coco"), train.batchSizePerWorker(),
                maxPixels, partitions, overwrite, java.time.Duration.ofMillis(Math.round(timeoutMinutes * 60_000)));
        OpenCv.load();
        CpuBackend.configureFromSystemProperties();
        CpuBackend.tuneNd4j();
        SparkSession spark = SparkSessions.getOrCreate(conf.getConfig("spark"), "predict",
                sparkConf -> CpuLaunchSettings.defaults(sparkConf.getInt("spark.task.cpus", 1)).applyTo(sparkConf));
        String zip = ModelLocator.resolve(model, spark.sparkContext().hadoopConfiguration());
        PredictSummary s;
        if (ModelLocator.isEnsemble(zip)) {
            EnsembleModel ensemble = EnsembleModel.read(zip, spark.sparkContext().hadoopConfiguration());
            s = EnsemblePrediction.run(spark, predict, ensemble, train, modelConf.detect(), input, output,
                    System.err::println);
        } else {
            TrainedModel trained = TrainedModel.read(zip, spark.sparkContext().hadoopConfiguration());
            s = new PredictJob(spark, predict, System.err::println)
                    .run(trained, train, modelConf.detect(), input, output);
        }
        System.out.println(s.describe());
        s.extraFiles().forEach(file -> System.out.println("coco:    " + file));
        return 0;
    }
}
