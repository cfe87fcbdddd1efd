package io.augflow.train.detect.eval;

import io.augflow.augment.Box;
import java.util.Objects;

/**
 * One box the detector predicts: its image (augflow's sample id), class index, box in pixels (top-left {@code x},
 * {@code y}, width {@code w}, height {@code h}) and confidence {@code score}. Its area, for the size buckets, is
 * {@code w * h} (what pycocotools' {@code loadRes} sets).
 */
public record Detection(String imageId, int classId, double x, double y, double w, double h, double score) {

    public Detection {
        Objects.requireNonNull(imageId, "imageId");
        BoxChecks.check("detection", imageId, classId, x, y, w, h);
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("detection on '" + imageId + "': score must be finite, got " + score);
        }
    }

    /** augflow's internal box on sample {@code imageId}, with its score. */
    public static Detection of(String imageId, Box box, double score) {
        return new Detection(imageId, box.classId(), box.x(), box.y(), box.w(), box.h(), score);
    }

    public double area() {
        return w * h;
    }
}
