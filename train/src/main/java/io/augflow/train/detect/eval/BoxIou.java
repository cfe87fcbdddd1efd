package io.augflow.train.detect.eval;

/**
 * Intersection over union of a detection and a ground-truth box, in the order of operations of pycocotools'
 * {@code maskUtils.iou} on boxes (so that an IoU on a threshold's edge compares the same way). Against a crowd
 * region the denominator is the detection's own area: a detection wholly inside a crowd scores 1, however large the
 * crowd.
 */
final class BoxIou {
    private BoxIou() {}

    static double of(Detection d, GroundTruthBox g) {
        double w = Math.min(d.w() + d.x(), g.w() + g.x()) - Math.max(d.x(), g.x());
        if (w <= 0) {
            return 0;
        }
        double h = Math.min(d.h() + d.y(), g.h() + g.y()) - Math.max(d.y(), g.y());
        if (h <= 0) {
            return 0;
        }
        double intersection = w * h;
        double detectionArea = d.w() * d.h();
        double union = g.crowd() ? detectionArea : detectionArea + g.w() * g.h() - intersection;
        return intersection / union;
    }
}
