package io.augflow.train.saved;

import io.augflow.augment.tensor.ToTensor;
import io.augflow.train.ensemble.EnsembleEvaluator;
import io.augflow.train.ensemble.EnsembleModel;
import io.augflow.train.evaluate.EvaluateConf;
import io.augflow.train.evaluate.ModelEvaluator;
import io.augflow.train.evaluate.SplitEvaluation;
import io.augflow.train.model.DetectConf;
import io.augflow.train.predict.ClassifierInference;
import io.augflow.train.predict.ModelLocator;
import io.augflow.train.spark.TrainConf;
import io.augflow.train.spark.TrainedModel;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.api.Model;

/**
 * A saved model scored on one split (what {@code evaluate} and {@code retrain}'s holdout call): a single network as
 * it was trained (its recorded normalisation, input fit, and for a detector its head and {@code model.detect}
 * settings) through {@link ModelEvaluator}, or an ensemble of classifiers through its members and combiner
 * ({@link EnsembleEvaluator}), tallied like a single network.
 */
public final class SavedModelEvaluation {
    private final SparkSession spark;
    private final EvaluateConf conf;

    public SavedModelEvaluation(SparkSession spark, EvaluateConf conf) {
        this.spark = spark;
        this.conf = conf;
    }

    /**
     * @param current       the {@code train} block to use when the model does not record its own
     * @param currentDetect the {@code model.detect} block, likewise
     * @param classes       the class names of the dataset, by id; the model's output index must mean the same
     */
    public SplitEvaluation evaluate(TrainedModel model, TrainConf current, DetectConf currentDetect, String dataset,
            String split, List<String> classes) {
        ModelEvaluator evaluator = new ModelEvaluator(spark, conf);
        if (conf.logitAdjustmentTau() > 0 && (model.isDetector() || ModelLocator.isEnsemble(model.modelPath()))) {
            throw new IllegalArgumentException("--logit-adjust (augflow.predict.logit-adjustment.tau = "
                    + conf.logitAdjustmentTau() + ") adjusts a single classifier by its training prior; "
                    + model.modelPath() + " is " + (model.isDetector() ? "a detector" : "an ensemble")
                    + ": set it to 0");
        }
        if (ModelLocator.isEnsemble(model.modelPath())) {
            return ensemble(evaluator, EnsembleModel.read(model.modelPath(), spark.sparkContext()
                    .hadoopConfiguration()), current, dataset, split, classes);
        }
        TrainConf trained = model.trainConf(current);
        Model network = model.load(spark.sparkContext().hadoopConfiguration()).network();
        if (model.isDetector()) {
            return evaluator.detect(network, model.inference(trained, model.detectConf(currentDetect)), classes,
                    dataset, split);
        }
        return evaluator.classify(network, new ClassifierInference(model.inputFit(), new ToTensor(trained.mean(),
                trained.std()), model.logitAdjustment(conf.logitAdjustmentTau(), spark.sparkContext()
                .hadoopConfiguration())), classes, dataset, split);
    }

    /** The ensemble scores the rows with a label; the split's others are counted as unlabelled. */
    private SplitEvaluation ensemble(ModelEvaluator evaluator, EnsembleModel ensemble, TrainConf current,
            String dataset, String split, List<String> classes) {
        if (ensemble.combiner() == null) {
            throw new IllegalArgumentException("the ensemble " + ensemble.path() + " combines detectors, which have no"
                    + " evaluation of their own here: score it with 'predict --format coco' on the split");
        }
        EnsembleEvaluator.Scored scored = EnsembleEvaluator.score(spark, ensemble, current, dataset, split,
                conf.timeout());
        return evaluator.ofProbabilities(scored.ids(), scored.labels(), scored.probabilities(), classes, dataset,
                split);
    }
}
