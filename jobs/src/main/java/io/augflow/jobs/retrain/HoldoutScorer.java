package io.augflow.jobs.retrain;

import io.augflow.train.detect.eval.CocoMetrics;
import io.augflow.train.ensemble.EnsembleEvaluator;
import io.augflow.train.ensemble.EnsembleModel;
import io.augflow.train.eval.ClassificationMetrics;
import io.augflow.train.model.DetectConf;
import io.augflow.train.predict.ModelLocator;
import io.augflow.train.spark.DetectionEvaluator;
import io.augflow.train.spark.SplitEvaluator;
import io.augflow.train.spark.TrainConf;
import io.augflow.train.spark.TrainedModel;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * Scores a saved model on the retrain's holdout split, not augmented, on the executors, the way it was trained:
 * its own {@code train} block (input pipeline, normalisation) and input step, and for a detector its own head and
 * {@code model.detect} settings. A classifier gets classification metrics, a detector COCO's. An ensemble champion
 * ({@code ensemble.json}) is scored through its members, each with its own inference path, and its combiner.
 *
 * @param current the run's {@code train} block, for models that do not record theirs
 * @param currentDetect the run's {@code model.detect} block, likewise
 */
record HoldoutScorer(SparkSession spark, TrainConf current, DetectConf currentDetect, long seed, String split) {

    ClassificationMetrics classify(TrainedModel model, String dataset, List<String> classes) {
        if (ModelLocator.isEnsemble(model.modelPath())) { // an ensemble champion: its members, combined
            return EnsembleEvaluator.evaluate(spark, EnsembleModel.read(model.modelPath(), hadoop()), current,
                    dataset, split, current.roundTimeout());
        }
        TrainConf trainConf = model.trainConf(current);
        return new SplitEvaluator(spark, trainConf, seed, model.inputFit()).evaluate(model.load(hadoop()), dataset,
                split, classes);
    }

    CocoMetrics detect(TrainedModel model, String dataset, List<String> classes) {
        TrainConf trainConf = model.trainConf(current);
        return new DetectionEvaluator(spark, trainConf, seed, model.inference(trainConf,
                model.detectConf(currentDetect))).evaluate(model.load(hadoop()).network(), dataset, split, classes)
                .metrics();
    }

    private Configuration hadoop() {
        return spark.sparkContext().hadoopConfiguration();
    }
}
