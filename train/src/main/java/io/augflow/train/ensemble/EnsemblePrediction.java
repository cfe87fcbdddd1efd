package io.augflow.train.ensemble;

import io.augflow.train.model.DetectConf;
import io.augflow.train.predict.PredictConf;
import io.augflow.train.predict.PredictJob;
import io.augflow.train.predict.PredictSummary;
import io.augflow.train.spark.TrainConf;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * {@code augflow predict} with an ensemble: the members shipped once each, every image run through every member's
 * own inference path and combined on the executor ({@link EnsemblePredictor}), then written, counted and committed
 * exactly as for a single network ({@link PredictJob}).
 */
public final class EnsemblePrediction {
    private EnsemblePrediction() {}

    /**
     * @param current       the {@code train} block for members that do not record theirs
     * @param currentDetect the {@code model.detect} block for detector members that do not record theirs
     */
    public static PredictSummary run(SparkSession spark, PredictConf conf, EnsembleModel ensemble, TrainConf current,
            DetectConf currentDetect, String input, String output, Consumer<String> progress) {
        progress.accept("predict [1/4] loading ensemble " + ensemble.path() + " (" + ensemble.method().key()
                + " of " + ensemble.members().size() + " members, " + ensemble.classes().size() + " classes)");
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        try (MemberShipping shipping = new MemberShipping(sc,
                ensemble.members().stream().map(EnsembleMember::name).toList(),
                ensemble.members().stream().map(EnsembleMember::model).toList(), current, currentDetect,
                spark.sparkContext().hadoopConfiguration())) {
            EnsemblePredictor predictor = new EnsemblePredictor(new MemberBatches(shipping.members(), conf.tta()),
                    ensemble.combiner(), ensemble.boxes(), ensemble.classes(), conf.batchSize(), conf.topK());
            return new PredictJob(spark, conf, progress).run(ensemble.task().key(), ensemble.isDetector(),
                    ensemble.path(), ensemble.classes(), predictor::predict, input, output);
        }
    }
}
