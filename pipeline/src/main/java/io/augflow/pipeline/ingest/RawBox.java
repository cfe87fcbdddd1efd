package io.augflow.pipeline.ingest;

import io.augflow.augment.Box;
import java.io.Serializable;

/**
 * A box as an annotation file gives it, before it is checked: four numbers whose meaning depends on
 * {@link Units}. Kept as doubles (not {@link Box}, which refuses NaN and negative sizes) so that bad boxes reach
 * the validator and are quarantined with a reason instead of failing the importer. {@code crowd} is COCO's
 * {@code iscrowd = 1} (YOLO has no crowd), carried to {@link Box#crowd}.
 */
public record RawBox(int classId, double a, double b, double c, double d, boolean crowd) implements Serializable {

    /** A box that is not a crowd region. */
    public RawBox(int classId, double a, double b, double c, double d) {
        this(classId, a, b, c, d, false);
    }

    /** The same box with another class id. */
    public RawBox withClass(int newClassId) {
        return new RawBox(newClassId, a, b, c, d, crowd);
    }

    /** What the four numbers mean. */
    public enum Units {
        /** {@code x, y, w, h} in pixels, top-left corner (COCO). */
        PIXELS_XYWH,
        /** {@code cx, cy, w, h} as fractions of the image size (YOLO): x = (cx - w/2) * width, w = w * width. */
        NORMALISED_CXCYWH
    }

    /** {@code {x, y, w, h}} in pixels for an image of the given size. */
    public double[] toPixels(Units units, int width, int height) {
        return switch (units) {
            case PIXELS_XYWH -> new double[] {a, b, c, d};
            case NORMALISED_CXCYWH -> new double[] {(a - c / 2) * width, (b - d / 2) * height, c * width, d * height};
        };
    }
}
