package io.augflow.train.predict;

import static org.apache.spark.sql.functions.col;

import io.augflow.pipeline.dataset.AtomicOutput;
import io.augflow.pipeline.ingest.IngestJob;
import io.augflow.pipeline.output.OutputWriteException;
import io.augflow.train.detect.eval.CocoGroundTruth;
import io.augflow.train.detect.eval.CocoImage;
import io.augflow.train.detect.eval.CocoJsonWriter;
import io.augflow.train.detect.eval.Detection;
import io.augflow.pipeline.spark.BoundedJob;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code augflow predict}: a trained model over an augflow dataset or an image folder, on the executors (images are
 * never collected; the network travels once as a broadcast). Steps: input rows ({@link PredictInput}) -> one result
 * row each ({@link BatchPredictor}, persisted) -> predictions and quarantine written into hidden temporary siblings ->
 * counts re-read from what was written and checked ({@code rows in = predicted + quarantined}) -> for a detector with
 * COCO output, the boxes (not the images) to the driver and two JSON files into the predictions folder -> renamed
 * into place.
 *
 * <p>Outputs: {@code <output>/} (Parquet, {@link PredictionRows}), {@code <output>_quarantine/} (Parquet: id,
 * source, reason, detail; written even when empty). With COCO output, {@code <output>/_coco_images.json} (a COCO
 * instances file with the predicted images and the categories, no annotations) and
 * {@code <output>/_coco_results.json} (the detections, for {@code coco.loadRes}): image ids are 1, 2, ... over the
 * predicted images sorted by id, as {@link CocoJsonWriter} numbers a ground truth, with the augflow id as
 * {@code file_name}; class {@code k} is category {@code k + 1}. The leading underscore keeps Parquet readers off them.
 */
public final class PredictJob {
    /** The COCO instances file of the predicted images (no annotations), in the predictions folder. */
    public static final String COCO_IMAGES = "_coco_images.json";
    /** The COCO results file of the detections, in the predictions folder. */
    public static final String COCO_RESULTS = "_coco_results.json";

    private final SparkSession spark;
    private final PredictConf conf;
    private final Consumer<String> progress;

    /** @param progress one line per step (the command prints them) */
    public PredictJob(SparkSession spark, PredictConf conf, Consumer<String> progress) {
        this.spark = spark;
        this.conf = conf;
        this.progress = progress;
    }

    /**
     * Predicts every row of {@code input} with any executor-side predictor that turns each partition of
     * {@link PredictInput} rows into one {@link PredictionRows#RESULT} row per input row, in order (a single
     * network's {@link BatchPredictor}, or an ensemble's predictor); the writing, counting and committing are the same.
     *
     * @param task      {@code classify} or {@code detect}
     * @param modelPath what the summary names as the model
     */
    public PredictSummary run(String task, boolean detector, String modelPath, List<String> classes,
            MapPartitionsFunction<Row, Row> predict, String input, String output) {
        return run(task, detector, modelPath, classes, predict, input, output, Instant.now());
    }

    /** As above, the summary's seconds counted from {@code started} (a caller that loaded a network first). */
    public PredictSummary run(String task, boolean detector, String modelPath, List<String> classes,
            MapPartitionsFunction<Row, Row> predict, String input, String output, Instant started) {
        if (conf.cocoResults() && !detector) {
            throw new IllegalArgumentException("--format coco is for detectors; model " + modelPath + " is a "
                    + task + " model");
        }
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        AtomicOutput predictions = new AtomicOutput(output, conf.overwrite(), hadoop);
        AtomicOutput quarantine = new AtomicOutput(predictions.target() + IngestJob.QUARANTINE_SUFFIX,
                conf.overwrite(), hadoop);
        predictions.checkTarget();
        quarantine.checkTarget();
        Dataset<Row> rows = PredictInput.read(spark, input, conf);
        Dataset<Row> results = rows.mapPartitions(predict, Encoders.row(PredictionRows.RESULT))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            progress.accept("predict [2/4] predicting " + input + (conf.tta() == TestTimeAugmentation.NONE ? ""
                    : " with test-time augmentation " + conf.tta().key()));
            List<String> columns = detector ? PredictionRows.DETECTION : PredictionRows.CLASSIFICATION;
            try {
                // bounded: a stuck task or a lost executor ends the run with a message, never a hang
                return BoundedJob.run(spark.sparkContext(), "predict " + input, conf.timeout(),
                        "predict --timeout-minutes", () -> {
                    try {
                        results.filter(col(PredictionRows.REASON).isNull()).select(cols(columns)).write()
                                .parquet(predictions.temp());
                        results.filter(col(PredictionRows.REASON).isNotNull())
                                .select(cols(PredictionRows.QUARANTINE)).write().parquet(quarantine.temp());
                        progress.accept("predict [3/4] counting what was written");
                        long predicted = spark.read().parquet(predictions.temp()).count();
                        Map<String, Long> byReason = new TreeMap<>();
                        for (Row r : spark.read().parquet(quarantine.temp()).groupBy(PredictionRows.REASON).count()
                                .collectAsList()) {
                            byReason.put(r.getString(0), r.getLong(1));
                        }
                        long quarantined = byReason.values().stream().mapToLong(Long::longValue).sum();
                        long rowsIn = results.count();
                        if (rowsIn != predicted + quarantined) {
                            throw new IllegalStateException("predict wrote " + predicted + " predictions and "
                                    + quarantined + " quarantined rows for " + rowsIn + " rows in");
                        }
                        List<String> extra = new ArrayList<>();
                        if (conf.cocoResults()) {
                            extra.addAll(writeCoco(results, classes, predictions, hadoop));
                        }
                        progress.accept("predict [4/4] committing " + predictions.target() + " and "
                                + quarantine.target());
                        quarantine.commit();
                        predictions.commit();
                        return new PredictSummary(task, modelPath, input,
                                predictions.target().toString(), quarantine.target().toString(), rowsIn, predicted,
                                quarantined, byReason, extra,
                                Duration.between(started, Instant.now()).toMillis() / 1000.0);
                    } catch (Exception e) { // Spark's SparkException is checked to Java, and not declared
                        throw OutputWriteException.wrap(predictions.target().toString(), e);
                    }
                });
            } finally {
                predictions.abort();
                quarantine.abort();
            }
        } finally {
            results.unpersist();
        }
    }

    /** Boxes only to the driver: the images' ids, sizes and detections; then the two COCO files. */
    private List<String> writeCoco(Dataset<Row> results, List<String> classes, AtomicOutput predictions,
            Configuration hadoop) throws IOException {
        List<CocoImage> images = new ArrayList<>();
        List<Detection> detections = new ArrayList<>();
        for (Row r : results.filter(col(PredictionRows.REASON).isNull())
                .select(PredictionRows.ID, PredictionRows.WIDTH, PredictionRows.HEIGHT, PredictionRows.BOXES)
                .collectAsList()) {
            String id = r.getString(0);
            images.add(new CocoImage(id, r.getInt(1), r.getInt(2)));
            for (Row b : r.<Row>getList(3)) {
                detections.add(new Detection(id, b.getInt(1), b.getFloat(2), b.getFloat(3), b.getFloat(4),
                        b.getFloat(5), b.getFloat(6)));
            }
        }
        CocoGroundTruth imagesOnly = CocoGroundTruth.of(images, classes, List.of());
        Path dir = new Path(predictions.temp());
        FileSystem fs = dir.getFileSystem(hadoop);
        try (OutputStream out = fs.create(new Path(dir, COCO_IMAGES), false)) {
            CocoJsonWriter.writeGroundTruth(imagesOnly, out);
        }
        try (OutputStream out = fs.create(new Path(dir, COCO_RESULTS), false)) {
            CocoJsonWriter.writeDetections(imagesOnly, detections, out);
        }
        return List.of(new Path(predictions.target(), COCO_IMAGES).toString(),
                new Path(predictions.target(), COCO_RESULTS).toString());
    }

    /**
     * Fails now when {@code input} cannot be read or an output exists without {@code --overwrite}: a caller checks
     * before it loads a network, so a run that cannot work fails at once.
     */
    public void checkBeforeLoading(String input, String output) {
        PredictInput.isDataset(spark, input);
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        AtomicOutput predictions = new AtomicOutput(output, conf.overwrite(), hadoop);
        predictions.checkTarget();
        new AtomicOutput(predictions.target() + IngestJob.QUARANTINE_SUFFIX, conf.overwrite(), hadoop).checkTarget();
    }

    private static Column[] cols(List<String> names) {
        return names.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    }
}
