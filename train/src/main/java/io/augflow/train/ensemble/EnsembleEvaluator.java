package io.augflow.train.ensemble;

import io.augflow.train.eval.ClassificationMetrics;
import io.augflow.train.spark.TrainConf;
import java.time.Duration;
import org.apache.spark.sql.SparkSession;

/**
 * An ensemble's classification metrics on one labelled split, on the executors: every member through its own
 * inference path, combined by the saved combiner. What {@code retrain} scores an ensemble champion with (its
 * {@link io.augflow.train.retrain.PromotionRule} compares these like any model's), and what an {@code evaluate} job
 * can call for an ensemble.
 */
public final class EnsembleEvaluator {
    private EnsembleEvaluator() {}

    /** @param current the {@code train} block for members that do not record theirs (batch size, normalisation) */
    public static ClassificationMetrics evaluate(SparkSession spark, EnsembleModel ensemble, TrainConf current,
            String dataset, String split, Duration timeout) {
        Scored s = score(spark, ensemble, current, dataset, split, timeout);
        return ValidationFigures.metrics(s.probabilities(), s.labels(), ensemble.classes());
    }

    /**
     * The ensemble's class probabilities on every labelled row of {@code split} (rows in id order), for figures that
     * need more than the argmax (log-loss, calibration).
     */
    public static Scored score(SparkSession spark, EnsembleModel ensemble, TrainConf current, String dataset,
            String split, Duration timeout) {
        ValidationTable table = MemberScoring.table(spark,
                ensemble.members().stream().map(EnsembleMember::name).toList(),
                ensemble.members().stream().map(EnsembleMember::model).toList(), current, dataset, split,
                current.batchSizePerWorker(), timeout);
        return new Scored(table.ids(), table.labels(), EnsembleFitter.apply(ensemble.combiner(), table));
    }

    /**
     * An ensemble's probabilities on a split.
     *
     * @param probabilities {@code [row][class]}
     */
    public record Scored(java.util.List<String> ids, int[] labels, double[][] probabilities) {}
}
