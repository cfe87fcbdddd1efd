package io.augflow.train.detect.eval;

import java.util.List;

/**
 * One image and one class, evaluated (pycocotools' {@code evaluateImg}): the detections kept (at most 100, highest
 * score first, equal scores in input order) and, for each area range and IoU threshold, which of them matched a
 * ground truth and which are ignored, with the number of ground truths that count.
 *
 * <p>Matching is greedy in score order. At each IoU threshold a detection takes, among the ground truths it overlaps
 * by at least the threshold (capped at {@code 1 - 1e-10}), the one it overlaps most; ground truths already taken are
 * skipped, except crowd regions, which take any number of detections. Ground truths that do not count (crowds, and
 * objects outside the area range) are tried last, and only when no counted one matched: a detection on them is
 * ignored rather than scored. A detection that matched nothing and lies outside the area range is ignored too.
 */
final class ImageClassEvaluation {
    private static final double MAX_IOU_THRESHOLD = 1 - 1e-10;

    /** The kept detections' scores, highest first. */
    final double[] scores;
    private final AreaMatches[] byArea;

    /** One area range's outcome: {@code matched[t][d]}, {@code ignored[t][d]} per IoU threshold and detection. */
    record AreaMatches(int countedGroundTruths, boolean[][] matched, boolean[][] ignored) {}

    private ImageClassEvaluation(double[] scores, AreaMatches[] byArea) {
        this.scores = scores;
        this.byArea = byArea;
    }

    AreaMatches matches(AreaRange area) {
        return byArea[area.ordinal()];
    }

    /** {@code groundTruths} in input order; {@code detections} in input order, any number. */
    static ImageClassEvaluation of(List<GroundTruthBox> groundTruths, List<Detection> detections) {
        int maxDetections = CocoThresholds.MAX_DETECTIONS.get(CocoThresholds.MAX_DETECTIONS.size() - 1);
        double[] allScores = new double[detections.size()];
        for (int d = 0; d < allScores.length; d++) {
            allScores[d] = detections.get(d).score();
        }
        int[] order = StableOrder.descending(allScores);
        Detection[] kept = new Detection[Math.min(order.length, maxDetections)];
        double[] scores = new double[kept.length];
        for (int d = 0; d < kept.length; d++) {
            kept[d] = detections.get(order[d]);
            scores[d] = kept[d].score();
        }
        double[][] iou = new double[kept.length][groundTruths.size()];
        for (int d = 0; d < kept.length; d++) {
            for (int g = 0; g < groundTruths.size(); g++) {
                iou[d][g] = BoxIou.of(kept[d], groundTruths.get(g));
            }
        }
        AreaRange[] areas = AreaRange.values();
        AreaMatches[] byArea = new AreaMatches[areas.length];
        for (AreaRange area : areas) {
            byArea[area.ordinal()] = match(groundTruths, kept, iou, area);
        }
        return new ImageClassEvaluation(scores, byArea);
    }

    private static AreaMatches match(List<GroundTruthBox> groundTruths, Detection[] detections, double[][] iou,
            AreaRange area) {
        int gtCount = groundTruths.size();
        // counted ground truths first, each group in input order (pycocotools' stable sort on the ignore flag)
        int[] gtOrder = new int[gtCount];
        boolean[] gtIgnored = new boolean[gtCount];
        int counted = 0;
        for (int pass = 0, next = 0; pass < 2; pass++) {
            for (int g = 0; g < gtCount; g++) {
                GroundTruthBox box = groundTruths.get(g);
                boolean ignored = box.crowd() || !area.contains(box.area());
                if (ignored == (pass == 1)) {
                    gtIgnored[next] = ignored;
                    gtOrder[next++] = g;
                    counted += ignored ? 0 : 1;
                }
            }
        }
        int thresholds = CocoThresholds.iouCount();
        boolean[][] matched = new boolean[thresholds][detections.length];
        boolean[][] ignored = new boolean[thresholds][detections.length];
        for (int t = 0; t < thresholds; t++) {
            boolean[] gtTaken = new boolean[gtCount];
            for (int d = 0; d < detections.length; d++) {
                double best = Math.min(CocoThresholds.iou(t), MAX_IOU_THRESHOLD);
                int match = -1;
                for (int position = 0; position < gtCount; position++) {
                    int g = gtOrder[position];
                    if (gtTaken[position] && !groundTruths.get(g).crowd()) {
                        continue;
                    }
                    if (match > -1 && !gtIgnored[match] && gtIgnored[position]) {
                        break; // a counted match beats any ignored one
                    }
                    if (iou[d][g] < best) {
                        continue;
                    }
                    best = iou[d][g];
                    match = position;
                }
                if (match > -1) {
                    matched[t][d] = true;
                    ignored[t][d] = gtIgnored[match];
                    gtTaken[match] = true;
                }
            }
            for (int d = 0; d < detections.length; d++) {
                ignored[t][d] |= !matched[t][d] && !area.contains(detections[d].area());
            }
        }
        return new AreaMatches(counted, matched, ignored);
    }
}
