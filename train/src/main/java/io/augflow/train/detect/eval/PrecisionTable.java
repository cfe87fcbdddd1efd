package io.augflow.train.detect.eval;

import java.util.Arrays;
import java.util.List;

/**
 * Interpolated precision at each recall threshold and the recall reached, for every IoU threshold, class, area range
 * and detection limit (pycocotools' {@code accumulate}); -1 where a class has no counted ground truth in the area
 * range.
 *
 * <p>Per class, area range and limit: each image's first {@code limit} detections are pooled over the images in
 * order, then ranked by score (equal scores keep their pooled order). Walking down the ranking, precision is
 * {@code tp / (tp + fp + eps)} and recall {@code tp / counted}, ignored detections counting as neither. Precision is
 * made non-increasing from the right, and at each recall threshold it is read at the first rank whose recall
 * reaches it, or 0 where recall never does.
 */
final class PrecisionTable {
    private static final double EPS = Math.ulp(1.0); // numpy's np.spacing(1)

    private final int classes;
    private final double[] precision; // [t][r][k][a][m]
    private final double[] recall; // [t][k][a][m]

    private PrecisionTable(int classes) {
        this.classes = classes;
        int cells = CocoThresholds.iouCount() * classes * AreaRange.values().length
                * CocoThresholds.MAX_DETECTIONS.size();
        precision = new double[cells * CocoThresholds.recallCount()];
        recall = new double[cells];
        Arrays.fill(precision, -1);
        Arrays.fill(recall, -1);
    }

    int classes() {
        return classes;
    }

    double precision(int t, int r, int k, AreaRange area, int m) {
        return precision[cell(t, r, k, area, m)];
    }

    double recall(int t, int k, AreaRange area, int m) {
        return recall[cell(t, k, area, m)];
    }

    private int cell(int t, int k, AreaRange area, int m) {
        return ((t * classes + k) * AreaRange.values().length + area.ordinal()) * CocoThresholds.MAX_DETECTIONS.size()
                + m;
    }

    private int cell(int t, int r, int k, AreaRange area, int m) {
        return cell(t * CocoThresholds.recallCount() + r, k, area, m);
    }

    /**
     * {@code evaluations.get(k)[i]}: class {@code k} on image {@code i} (images in evaluation order), null where the
     * image has neither a ground truth nor a detection of the class.
     */
    static PrecisionTable accumulate(List<ImageClassEvaluation[]> evaluations) {
        PrecisionTable table = new PrecisionTable(evaluations.size());
        for (int k = 0; k < evaluations.size(); k++) {
            for (AreaRange area : AreaRange.values()) {
                for (int m = 0; m < CocoThresholds.MAX_DETECTIONS.size(); m++) {
                    table.fill(k, area, m, evaluations.get(k));
                }
            }
        }
        return table;
    }

    private void fill(int k, AreaRange area, int m, ImageClassEvaluation[] images) {
        int limit = CocoThresholds.MAX_DETECTIONS.get(m);
        int counted = 0;
        int pooled = 0;
        for (ImageClassEvaluation image : images) {
            if (image != null) {
                counted += image.matches(area).countedGroundTruths();
                pooled += Math.min(limit, image.scores.length);
            }
        }
        if (counted == 0) {
            return; // stays -1: nothing to find
        }
        int thresholds = CocoThresholds.iouCount();
        double[] scores = new double[pooled];
        boolean[][] matched = new boolean[thresholds][pooled];
        boolean[][] ignored = new boolean[thresholds][pooled];
        int at = 0;
        for (ImageClassEvaluation image : images) {
            if (image == null) {
                continue;
            }
            int n = Math.min(limit, image.scores.length);
            System.arraycopy(image.scores, 0, scores, at, n);
            ImageClassEvaluation.AreaMatches matches = image.matches(area);
            for (int t = 0; t < thresholds; t++) {
                System.arraycopy(matches.matched()[t], 0, matched[t], at, n);
                System.arraycopy(matches.ignored()[t], 0, ignored[t], at, n);
            }
            at += n;
        }
        int[] ranking = StableOrder.descending(scores);
        for (int t = 0; t < thresholds; t++) {
            fillThreshold(t, k, area, m, counted, ranking, matched[t], ignored[t]);
        }
    }

    private void fillThreshold(int t, int k, AreaRange area, int m, int counted, int[] ranking, boolean[] matched,
            boolean[] ignored) {
        int n = ranking.length;
        double[] recallAt = new double[n];
        double[] precisionAt = new double[n];
        long tp = 0;
        long fp = 0;
        for (int i = 0; i < n; i++) {
            int d = ranking[i];
            if (!ignored[d]) {
                if (matched[d]) {
                    tp++;
                } else {
                    fp++;
                }
            }
            recallAt[i] = (double) tp / counted;
            precisionAt[i] = tp / ((double) (fp + tp) + EPS);
        }
        recall[cell(t, k, area, m)] = n > 0 ? recallAt[n - 1] : 0;
        for (int i = n - 1; i > 0; i--) {
            precisionAt[i - 1] = Math.max(precisionAt[i - 1], precisionAt[i]);
        }
        int rank = 0;
        for (int r = 0; r < CocoThresholds.recallCount(); r++) {
            double threshold = CocoThresholds.recall(r);
            while (rank < n && recallAt[rank] < threshold) {
                rank++;
            }
            precision[cell(t, r, k, area, m)] = rank < n ? precisionAt[rank] : 0;
        }
    }
}
