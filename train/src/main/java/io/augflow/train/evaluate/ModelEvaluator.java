package io.augflow.train.evaluate;

import static org.apache.spark.sql.functions.col;

import io.augflow.pipeline.dataset.DatasetSchema;
import io.augflow.pipeline.spark.BoundedJob;
import io.augflow.train.detect.DetectorInference;
import io.augflow.train.detect.eval.CocoEvaluator;
import io.augflow.train.detect.eval.CocoGroundTruth;
import io.augflow.train.detect.eval.CocoImage;
import io.augflow.train.detect.eval.Detection;
import io.augflow.train.detect.eval.GroundTruthBox;
import io.augflow.train.eval.ModelBytes;
import io.augflow.train.predict.BatchPredictor;
import io.augflow.train.predict.ClassifierInference;
import io.augflow.train.predict.PredictionRows;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Scores a model on one split of an augflow dataset, on the executors, with the inference path of {@code predict}
 * ({@link BatchPredictor}: the model's input fit and normalisation, the same batching, undecodable rows quarantined
 * and counted). Only small results reach the driver: a classifier's confusion matrix and calibration sums
 * ({@link ClassificationTally}, one per task), a detector's boxes. The whole evaluation runs under
 * {@link EvaluateConf#timeout()}.
 *
 * <p>A classifier is scored on the rows that have a class (label, else largest box: {@link SplitRows}); a detector on
 * every row, background images included (they are where false positives show).
 */
public final class ModelEvaluator {
    private final SparkSession spark;
    private final EvaluateConf conf;

    public ModelEvaluator(SparkSession spark, EvaluateConf conf) {
        this.spark = spark;
        this.conf = conf;
    }

    /**
     * A classifier's metrics and calibration from class probabilities computed elsewhere (an ensemble's combined
     * ones), one row per scored row of {@code split}: {@code probabilities[i]} of the row {@code ids[i]} whose class
     * is {@code labels[i]}. The split's other rows are counted as unlabelled.
     */
    public ClassifierEvaluation ofProbabilities(List<String> ids, int[] labels, double[][] probabilities,
            List<String> classes, String dataset, String split) {
        ClassificationTally tally = new ClassificationTally(classes.size(), conf.calibrationBins());
        for (int i = 0; i < labels.length; i++) {
            double[] p = probabilities[i];
            int predicted = 0;
            for (int k = 1; k < p.length; k++) {
                predicted = p[k] > p[predicted] ? k : predicted;
            }
            tally.add(ids.get(i), labels[i], predicted, p[predicted]);
        }
        long rowsIn = SplitRows.read(spark, dataset, split).count();
        return new ClassifierEvaluation(tally.metrics(classes), tally.calibration(),
                new EvaluationCounts(rowsIn, labels.length, rowsIn - labels.length, Map.of(), List.of()));
    }

    /** A classifier's metrics and calibration on {@code split} of the dataset folder {@code dataset}. */
    public ClassifierEvaluation classify(Model network, ClassifierInference inference, List<String> classes,
            String dataset, String split) {
        return classify(network, inference, classes, SplitRows.read(spark, dataset, split), split);
    }

    /**
     * A classifier's metrics and calibration on {@code split} of the dataset made of {@code files} (Parquet files of
     * an augflow dataset, e.g. those a training plan's shards come from); all zeros when there is none.
     */
    public ClassifierEvaluation classify(Model network, ClassifierInference inference, List<String> classes,
            List<String> files, String split) {
        return classify(network, inference, classes, SplitRows.read(spark, files, split), split);
    }

    private ClassifierEvaluation classify(Model network, ClassifierInference inference, List<String> classes,
            Dataset<Row> rows, String split) {
        Dataset<Row> labelled = rows.filter(col(SplitRows.TARGET).isNotNull());
        int n = classes.size();
        int bins = conf.calibrationBins();
        return run(network, inference, null, classes, labelled, "evaluation of split '" + split + "'", results -> {
            List<ClassificationTally> parts = results.filter(col(PredictionRows.REASON).isNull())
                    .select(PredictionRows.ID, PredictionRows.PREDICTED_INDEX, PredictionRows.SCORE)
                    .join(labelled.select(DatasetSchema.ID, SplitRows.TARGET), DatasetSchema.ID)
                    .javaRDD().mapPartitions((Iterator<Row> it) -> {
                        ClassificationTally tally = new ClassificationTally(n, bins);
                        while (it.hasNext()) {
                            Row r = it.next();
                            tally.add(r.getString(0), r.getInt(3), r.getInt(1), r.getFloat(2));
                        }
                        return List.of(tally).iterator();
                    }).collect();
            ClassificationTally total = new ClassificationTally(n, bins);
            parts.forEach(total::merge);
            long unlabelled = rows.filter(col(SplitRows.TARGET).isNull()).count();
            return new ClassifierEvaluation(total.metrics(classes), total.calibration(), counts(results, unlabelled));
        });
    }

    /**
     * A detector's COCO metrics on {@code split} of the dataset folder {@code dataset}, with the ground truth and
     * detections they come from.
     */
    public DetectorEvaluation detect(Model network, DetectorInference inference, List<String> classes,
            String dataset, String split) {
        return detect(network, inference, classes, SplitRows.read(spark, dataset, split), split);
    }

    /** As {@link #detect(Model, DetectorInference, List, String, String)} over the Parquet {@code files}. */
    public DetectorEvaluation detect(Model network, DetectorInference inference, List<String> classes,
            List<String> files, String split) {
        return detect(network, inference, classes, SplitRows.read(spark, files, split), split);
    }

    private DetectorEvaluation detect(Model network, DetectorInference inference, List<String> classes,
            Dataset<Row> rows, String split) {
        return run(network, null, inference, classes, rows, "detection evaluation of split '" + split + "'",
                results -> {
            List<CocoImage> images = new ArrayList<>();
            List<GroundTruthBox> truth = new ArrayList<>();
            List<Detection> detections = new ArrayList<>();
            // boxes only to the driver: ids, sizes, true and found boxes
            for (Row r : results.filter(col(PredictionRows.REASON).isNull())
                    .select(PredictionRows.ID, PredictionRows.WIDTH, PredictionRows.HEIGHT, PredictionRows.BOXES)
                    .join(rows.select(DatasetSchema.ID, DatasetSchema.OBJECTS), DatasetSchema.ID)
                    .collectAsList()) {
                String id = r.getString(0);
                images.add(new CocoImage(id, r.getInt(1), r.getInt(2)));
                for (Row b : r.<Row>getList(3)) {
                    detections.add(new Detection(id, b.getInt(1), b.getFloat(2), b.getFloat(3), b.getFloat(4),
                            b.getFloat(5), b.getFloat(6)));
                }
                for (Row o : r.<Row>getList(4)) {
                    truth.add(GroundTruthBox.of(id, o.getInt(0), o.getFloat(1), o.getFloat(2), o.getFloat(3),
                            o.getFloat(4), o.getBoolean(DatasetSchema.CROWD_INDEX)));
                }
            }
            CocoGroundTruth gt = CocoGroundTruth.of(images, classes, truth);
            return new DetectorEvaluation(CocoEvaluator.evaluate(gt, detections), gt, detections,
                    counts(results, 0));
        });
    }

    /** Predicts {@code rows} with {@link BatchPredictor} (persisted while {@code score} reads them), bounded. */
    private <T> T run(Model network, ClassifierInference classifier, DetectorInference detector, List<String> classes,
            Dataset<Row> rows, String what, Function<Dataset<Row>, T> score) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<byte[]> bytes = sc.broadcast(ModelBytes.of(network));
        BatchPredictor predictor = new BatchPredictor(bytes, network instanceof ComputationGraph, classifier,
                detector, classes, conf.predictConf());
        MapPartitionsFunction<Row, Row> predict = predictor::predict;
        Dataset<Row> results = SplitRows.predictInput(rows).mapPartitions(predict, Encoders.row(PredictionRows.RESULT))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            return BoundedJob.run(spark.sparkContext(), what, conf.timeout(), conf.timeoutSetting(),
                    () -> score.apply(results));
        } finally {
            results.unpersist();
            bytes.destroy();
        }
    }

    /** The rows counted from the predictor's results: evaluated, quarantined by reason, a few named. */
    private static EvaluationCounts counts(Dataset<Row> results, long unlabelled) {
        Dataset<Row> quarantined = results.filter(col(PredictionRows.REASON).isNotNull());
        Map<String, Long> byReason = new TreeMap<>();
        for (Row r : quarantined.groupBy(PredictionRows.REASON).count().collectAsList()) {
            byReason.put(r.getString(0), r.getLong(1));
        }
        List<String> examples = new ArrayList<>();
        if (!byReason.isEmpty()) {
            for (Row r : quarantined.select(PredictionRows.ID, PredictionRows.SOURCE, PredictionRows.REASON,
                    PredictionRows.DETAIL).limit(EvaluationCounts.MAX_EXAMPLES).collectAsList()) {
                examples.add(r.getString(0) + " (" + r.getString(1) + "): " + r.getString(2) + ": " + r.getString(3));
            }
        }
        long all = results.count();
        long quarantinedRows = byReason.values().stream().mapToLong(Long::longValue).sum();
        return new EvaluationCounts(all + unlabelled, all - quarantinedRows, unlabelled, byReason, examples);
    }
}
