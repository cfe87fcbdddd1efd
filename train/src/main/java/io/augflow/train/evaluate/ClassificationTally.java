package io.augflow.train.evaluate;

import io.augflow.augment.DataException;
import io.augflow.train.eval.CalibrationCurve;
import io.augflow.train.eval.ClassificationMetrics;
import java.io.Serializable;
import java.util.List;

/**
 * A classifier's confusion matrix and calibration sums over some predictions, filled on an executor and merged on
 * the driver: only these counts travel, never an image or a probability per row. Mutable by design, like
 * {@link CalibrationCurve.Tally}: it lives inside one task or one driver call.
 */
final class ClassificationTally implements Serializable {
    private static final long serialVersionUID = 1L;
    private final long[][] confusion;
    private final CalibrationCurve.Tally calibration;

    ClassificationTally(int classes, int bins) {
        confusion = new long[classes][classes];
        calibration = new CalibrationCurve.Tally(bins);
    }

    /**
     * Counts one prediction.
     *
     * @param actual     the row's class
     * @param predicted  the predicted (top) class
     * @param confidence its probability
     * @throws DataException when the row's class is not one of the model's
     */
    ClassificationTally add(String id, int actual, int predicted, double confidence) {
        int n = confusion.length;
        if (actual < 0 || actual >= n) {
            throw new DataException("row '" + id + "': class " + actual + " is not one of the model's " + n
                    + " classes (0.." + (n - 1) + ")");
        }
        confusion[actual][predicted]++;
        calibration.add(Math.min(1, Math.max(0, confidence)), actual == predicted); // a softmax may round past 1
        return this;
    }

    /** Adds {@code other}'s counts to this one's and returns this one. */
    ClassificationTally merge(ClassificationTally other) {
        for (int a = 0; a < confusion.length; a++) {
            for (int p = 0; p < confusion.length; p++) {
                confusion[a][p] += other.confusion[a][p];
            }
        }
        calibration.merge(other.calibration);
        return this;
    }

    ClassificationMetrics metrics(List<String> classes) {
        long[][] copy = new long[confusion.length][];
        for (int a = 0; a < confusion.length; a++) {
            copy[a] = confusion[a].clone();
        }
        return ClassificationMetrics.of(copy, classes);
    }

    CalibrationCurve calibration() {
        return calibration.curve();
    }
}
