package io.augflow.train.detect.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link PrecisionTable} into {@link CocoMetrics} (pycocotools' {@code summarize()}): each figure is the
 * mean of the table's entries > -1 in its slice, taken in pycocotools' order (IoU threshold, then recall threshold,
 * then class) so that numpy's pairwise sum is reproduced to the last bit.
 */
final class CocoSummary {
    private static final int ALL_THRESHOLDS = -1;

    private CocoSummary() {}

    static CocoMetrics of(PrecisionTable table, List<String> classNames, int[] groundTruths) {
        int last = CocoThresholds.MAX_DETECTIONS.size() - 1;
        int[] allClasses = range(table.classes());
        List<CocoMetrics.ClassMetrics> perClass = new ArrayList<>(classNames.size());
        for (int k = 0; k < classNames.size(); k++) {
            int[] one = {k};
            List<Double> curve = new ArrayList<>(CocoThresholds.recallCount());
            for (int r = 0; r < CocoThresholds.recallCount(); r++) {
                curve.add(table.precision(0, r, k, AreaRange.ALL, last));
            }
            perClass.add(new CocoMetrics.ClassMetrics(k, classNames.get(k), groundTruths[k],
                    precision(table, ALL_THRESHOLDS, one, AreaRange.ALL, last),
                    precision(table, iouIndex(0.5), one, AreaRange.ALL, last),
                    table.recall(iouIndex(0.5), k, AreaRange.ALL, last), curve));
        }
        return new CocoMetrics(
                precision(table, ALL_THRESHOLDS, allClasses, AreaRange.ALL, last),
                precision(table, iouIndex(0.5), allClasses, AreaRange.ALL, last),
                precision(table, iouIndex(0.75), allClasses, AreaRange.ALL, last),
                precision(table, ALL_THRESHOLDS, allClasses, AreaRange.SMALL, last),
                precision(table, ALL_THRESHOLDS, allClasses, AreaRange.MEDIUM, last),
                precision(table, ALL_THRESHOLDS, allClasses, AreaRange.LARGE, last),
                recall(table, allClasses, AreaRange.ALL, 0),
                recall(table, allClasses, AreaRange.ALL, 1),
                recall(table, allClasses, AreaRange.ALL, last),
                recall(table, allClasses, AreaRange.SMALL, last),
                recall(table, allClasses, AreaRange.MEDIUM, last),
                recall(table, allClasses, AreaRange.LARGE, last),
                perClass);
    }

    private static double precision(PrecisionTable table, int threshold, int[] classes, AreaRange area, int m) {
        Values values = new Values(CocoThresholds.iouCount() * CocoThresholds.recallCount() * classes.length);
        for (int t : thresholds(threshold)) {
            for (int r = 0; r < CocoThresholds.recallCount(); r++) {
                for (int k : classes) {
                    values.add(table.precision(t, r, k, area, m));
                }
            }
        }
        return values.mean();
    }

    private static double recall(PrecisionTable table, int[] classes, AreaRange area, int m) {
        Values values = new Values(CocoThresholds.iouCount() * classes.length);
        for (int t = 0; t < CocoThresholds.iouCount(); t++) {
            for (int k : classes) {
                values.add(table.recall(t, k, area, m));
            }
        }
        return values.mean();
    }

    private static int iouIndex(double threshold) {
        int index = CocoThresholds.iouIndex(threshold);
        if (index < 0) {
            throw new IllegalStateException("IoU threshold " + threshold + " is not among "
                    + java.util.Arrays.toString(CocoThresholds.iou()));
        }
        return index;
    }

    private static int[] thresholds(int threshold) {
        return threshold == ALL_THRESHOLDS ? range(CocoThresholds.iouCount()) : new int[] {threshold};
    }

    private static int[] range(int n) {
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = i;
        }
        return values;
    }

    /** The entries > -1 of a slice; their mean, or -1 when there are none. */
    private static final class Values {
        private final double[] values;
        private int count;

        Values(int capacity) {
            values = new double[capacity];
        }

        void add(double value) {
            if (value > -1) {
                values[count++] = value;
            }
        }

        double mean() {
            return count == 0 ? -1 : NumpyMean.of(values, count);
        }
    }
}
