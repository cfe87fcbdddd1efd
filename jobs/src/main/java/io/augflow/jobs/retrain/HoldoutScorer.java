package io.augflow.jobs.retrain;

import io.augflow.train.detect.eval.CocoMetrics;
import io.augflow.train.eval.ClassificationMetrics;
import io.augflow.train.evaluate.ClassifierEvaluation;
import io.augflow.train.evaluate.DetectorEvaluation;
import io.augflow.train.evaluate.EvaluateConf;
import io.augflow.train.evaluate.ModelEvaluator;
import io.augflow.train.evaluate.SplitEvaluation;
import io.augflow.train.model.DetectConf;
import io.augflow.train.saved.SavedModelEvaluation;
import io.augflow.train.spark.TrainConf;
import io.augflow.train.spark.TrainedModel;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Scores a saved model on the retrain's holdout split, not augmented, on the executors, with the evaluator of
 * {@code augflow evaluate} ({@link ModelEvaluator}) and so the inference path of {@code predict}: the model's own
 * {@code train} block (normalisation, batch size, {@code round-timeout} as the bound), input fit, and for a detector
 * its own head and {@code model.detect} settings. A classifier gets classification metrics, a detector COCO's. An
 * ensemble champion ({@code ensemble.json}) is scored through its members, each with its own inference path, and its
 * combiner.
 *
 * @param current the run's {@code train} block, for models that do not record theirs
 * @param currentDetect the run's {@code model.detect} block, likewise
 */
record HoldoutScorer(SparkSession spark, TrainConf current, DetectConf currentDetect, String split) {

    ClassificationMetrics classify(TrainedModel model, String dataset, List<String> classes) {
        return ((ClassifierEvaluation) evaluate(model, dataset, classes)).metrics();
    }

    CocoMetrics detect(TrainedModel model, String dataset, List<String> classes) {
        return ((DetectorEvaluation) evaluate(model, dataset, classes)).metrics();
    }

    private SplitEvaluation evaluate(TrainedModel model, String dataset, List<String> classes) {
        TrainConf trainConf = model.trainConf(current);
        EvaluateConf conf = EvaluateConf.of(trainConf.batchSizePerWorker(), trainConf.roundTimeout(),
                "augflow.train.round-timeout");
        return new SavedModelEvaluation(spark, conf).evaluate(model, current, currentDetect, dataset, split, classes);
    }
}
