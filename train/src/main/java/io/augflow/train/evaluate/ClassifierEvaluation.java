package io.augflow.train.evaluate;

import io.augflow.train.eval.CalibrationCurve;
import io.augflow.train.eval.ClassificationMetrics;
import java.util.Objects;

/** A classifier on a split: the classification metrics and the reliability diagram with its ECE. */
public record ClassifierEvaluation(ClassificationMetrics metrics, CalibrationCurve calibration,
        EvaluationCounts counts) implements SplitEvaluation {

    public ClassifierEvaluation {
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(calibration, "calibration");
        Objects.requireNonNull(counts, "counts");
    }
}
