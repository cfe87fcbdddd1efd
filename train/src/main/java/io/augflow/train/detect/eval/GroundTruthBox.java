package io.augflow.train.detect.eval;

import io.augflow.augment.Box;
import java.util.Objects;

/**
 * One annotated object: its image (augflow's sample id), class index, box in pixels (top-left {@code x},
 * {@code y}, width {@code w}, height {@code h}), the area that decides its size bucket, and whether it marks a crowd.
 *
 * <p>The area is COCO's {@code area} field, not necessarily {@code w * h}: COCO's own files give the segmentation's
 * area, and pycocotools buckets ground truths by that field ({@link #of} takes {@code w * h}, as augflow's exporter
 * writes). A crowd region is never a miss, and a detection on it is neither a hit nor a false positive.
 */
public record GroundTruthBox(String imageId, int classId, double x, double y, double w, double h, double area,
        boolean crowd) {

    public GroundTruthBox {
        Objects.requireNonNull(imageId, "imageId");
        BoxChecks.check("ground-truth box", imageId, classId, x, y, w, h);
        if (!Double.isFinite(area) || area < 0) {
            throw new IllegalArgumentException("ground-truth box on '" + imageId + "': area must be finite and >= 0,"
                    + " got " + area);
        }
    }

    /** A box whose area is {@code w * h}. */
    public static GroundTruthBox of(String imageId, int classId, double x, double y, double w, double h,
            boolean crowd) {
        return new GroundTruthBox(imageId, classId, x, y, w, h, w * h, crowd);
    }

    /** augflow's internal box on sample {@code imageId}. */
    public static GroundTruthBox of(String imageId, Box box, boolean crowd) {
        return of(imageId, box.classId(), box.x(), box.y(), box.w(), box.h(), crowd);
    }
}
