package io.augflow.train.spark;

import io.augflow.augment.DataException;
import io.augflow.pipeline.stream.DatasetShards;
import io.augflow.pipeline.stream.Shard;
import io.augflow.train.detect.DetectorInference;
import io.augflow.train.detect.eval.CocoEvaluator;
import io.augflow.train.detect.eval.CocoGroundTruth;
import io.augflow.train.detect.eval.CocoMetrics;
import io.augflow.train.detect.eval.Detection;
import io.augflow.train.evaluate.DetectorEvaluation;
import io.augflow.train.evaluate.EvaluateConf;
import io.augflow.train.evaluate.ModelEvaluator;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.api.Model;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores a detector on one split during training, COCO-style, with the evaluator of {@code augflow evaluate}
 * ({@link ModelEvaluator}) and so the inference path of {@code predict}: the executors decode each row of the split
 * once (background images too: they are where false positives show), run the {@link DetectorInference} path and
 * return only boxes, in the original image's pixels; the driver scores them with the {@link CocoEvaluator}. A row
 * whose image does not decode fails the run, as in training. Runs under {@code train.round-timeout}.
 */
public final class DetectionEvaluator {
    private static final Logger LOG = LoggerFactory.getLogger(DetectionEvaluator.class);
    private static final String TIMEOUT_KEY = "augflow." + TrainConf.PATH + ".round-timeout";

    /** What the evaluation found, with everything needed to export it as COCO JSON. */
    public record Outcome(CocoMetrics metrics, CocoGroundTruth groundTruth, List<Detection> detections) {}

    private final SparkSession spark;
    private final TrainConf conf;
    private final DetectorInference inference;

    public DetectionEvaluator(SparkSession spark, TrainConf conf, DetectorInference inference) {
        this.spark = spark;
        this.conf = conf;
        this.inference = inference;
    }

    /** COCO metrics of {@code split} of the dataset at {@code datasetPath}, listed in {@code train.rows-per-shard}. */
    public Outcome evaluate(Model network, String datasetPath, String split, List<String> classes) {
        return evaluate(network, DatasetShards.list(spark, datasetPath, conf.rowsPerShard()), split, classes);
    }

    /**
     * COCO metrics of {@code split} over the Parquet files the listed {@code shards} come from; {@code classes} name
     * the categories.
     *
     * @throws DataException when a row of the split does not decode
     */
    public Outcome evaluate(Model network, List<Shard> shards, String split, List<String> classes) {
        List<String> files = shards.stream().map(Shard::file).distinct().toList();
        DetectorEvaluation e = new ModelEvaluator(spark, EvaluateConf.of(conf.batchSizePerWorker(),
                conf.roundTimeout(), TIMEOUT_KEY)).detect(network, inference, classes, files, split);
        if (e.counts().quarantined() > 0) {
            throw new DataException("detection evaluation of split '" + split + "': " + e.counts().quarantined()
                    + " row(s) cannot be decoded, e.g. " + e.counts().examples().get(0));
        }
        if (e.counts().evaluated() == 0) {
            LOG.warn("split '{}' is empty: nothing to evaluate", split);
        }
        return new Outcome(e.metrics(), e.groundTruth(), e.detections());
    }
}
