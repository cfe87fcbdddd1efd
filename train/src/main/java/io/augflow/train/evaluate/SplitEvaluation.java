package io.augflow.train.evaluate;

/** What scoring a model on a split gives: a classifier's or a detector's figures, with the rows counted. */
public sealed interface SplitEvaluation permits ClassifierEvaluation, DetectorEvaluation {
    /** The split's rows: evaluated, quarantined, left out. */
    EvaluationCounts counts();
}
