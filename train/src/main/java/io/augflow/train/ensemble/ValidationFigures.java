package io.augflow.train.ensemble;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.augflow.train.eval.ClassificationMetrics;
import java.util.List;

/**
 * How well class probabilities fit the labels of a validation table: accuracy, macro-F1 (both of the argmax, by
 * {@link ClassificationMetrics}) and the mean log-loss (probabilities clipped at {@value #CLIP}, so one confident
 * mistake costs a finite amount).
 *
 * @param outOfFold true when each row was predicted by a combiner fitted without it (cross-fitting), false when
 *                  the combiner learned nothing from the labels (vote, average) or for a single member
 */
public record ValidationFigures(@JsonProperty("rows") long rows, @JsonProperty("accuracy") double accuracy,
        @JsonProperty("macroF1") double macroF1, @JsonProperty("logLoss") double logLoss,
        @JsonProperty("outOfFold") boolean outOfFold) {
    /** The smallest probability a log-loss takes the logarithm of. */
    public static final double CLIP = 1e-15;

    /** Figures of {@code predicted[row][class]} against {@code labels}. */
    public static ValidationFigures of(double[][] predicted, int[] labels, List<String> classes, boolean outOfFold) {
        return new ValidationFigures(labels.length, metrics(predicted, labels, classes).accuracy(),
                metrics(predicted, labels, classes).macroF1(), logLoss(predicted, labels), outOfFold);
    }

    /** The classification metrics of the argmax of {@code predicted}. */
    public static ClassificationMetrics metrics(double[][] predicted, int[] labels, List<String> classes) {
        long[][] confusion = new long[classes.size()][classes.size()];
        for (int i = 0; i < labels.length; i++) {
            confusion[labels[i]][HardVote.argmax(predicted[i])]++;
        }
        return ClassificationMetrics.of(confusion, classes);
    }

    /** Mean {@code -log p(true class)}. */
    public static double logLoss(double[][] predicted, int[] labels) {
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            sum -= Math.log(Math.max(predicted[i][labels[i]], CLIP));
        }
        return sum / labels.length;
    }
}
