package io.augflow.train.detect;

import io.augflow.augment.Box;
import java.util.Objects;

/**
 * One detected object: its box (pixels, with the predicted class as {@link Box#classId()}) and its score
 * (objectness x class probability, in [0, 1]).
 */
public record ScoredBox(Box box, float score) {
    public ScoredBox {
        Objects.requireNonNull(box, "box");
        if (!(score >= 0f && score <= 1f)) {
            throw new IllegalArgumentException("detection score must be in [0, 1], got " + score);
        }
    }

    public int classId() {
        return box.classId();
    }

    /** Intersection over union of two boxes; 0 when both have no area. */
    public static double iou(Box a, Box b) {
        double inter = a.intersectionArea(b);
        double union = (double) a.area() + b.area() - inter;
        return union > 0 ? inter / union : 0.0;
    }
}
