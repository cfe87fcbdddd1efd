package io.augflow.pipeline.ingest;

import org.opencv.core.Core;
import org.opencv.core.Mat;

/**
 * The eight EXIF/TIFF orientations (tag 0x0112): how the stored pixel rows and columns relate to the picture as
 * it is meant to be seen. A phone held upright stores its sensor's landscape pixels with orientation 6 (or 8)
 * instead of rotating them. Viewers, YOLO and COCO annotation tools show, and annotate, the upright picture.
 *
 * <p>{@link #upright} turns stored pixels upright. For a stored (raw) image {@code W x H}, the raw pixel
 * {@code (x, y)} lands at, in the upright image:
 * <pre>
 * 1 NORMAL           (x, y)                    W x H
 * 2 FLIP_HORIZONTAL  (W-1-x, y)                W x H
 * 3 ROTATE_180       (W-1-x, H-1-y)            W x H
 * 4 FLIP_VERTICAL    (x, H-1-y)                W x H
 * 5 TRANSPOSE        (y, x)                    H x W
 * 6 ROTATE_90_CW     (H-1-y, x)                H x W
 * 7 TRANSVERSE       (H-1-y, W-1-x)            H x W
 * 8 ROTATE_90_CCW    (y, W-1-x)                H x W
 * </pre>
 * These are the transforms OpenCV's own decoders apply when they honour the tag.
 */
public enum Orientation {
    NORMAL(1),
    FLIP_HORIZONTAL(2),
    ROTATE_180(3),
    FLIP_VERTICAL(4),
    TRANSPOSE(5),
    ROTATE_90_CW(6),
    TRANSVERSE(7),
    ROTATE_90_CCW(8);

    private final int exifValue;

    Orientation(int exifValue) {
        this.exifValue = exifValue;
    }

    /** The tag's value, 1..8. */
    public int exifValue() {
        return exifValue;
    }

    /**
     * The orientation a tag value means; values outside 1..8 (0 is common in badly written files) mean
     * {@link #NORMAL}, as in OpenCV and in viewers.
     */
    public static Orientation fromExif(int value) {
        return value >= 1 && value <= 8 ? values()[value - 1] : NORMAL;
    }

    /** Whether the upright picture's width is the stored height (orientations 5-8). */
    public boolean swapsAxes() {
        return exifValue >= 5;
    }

    /** The upright width of a stored {@code width x height} image. */
    public int uprightWidth(int width, int height) {
        return swapsAxes() ? height : width;
    }

    /** The upright height of a stored {@code width x height} image. */
    public int uprightHeight(int width, int height) {
        return swapsAxes() ? width : height;
    }

    /** The upright image of stored pixels, as a new Mat (the caller releases both); pure. */
    public Mat upright(Mat raw) {
        Mat out = new Mat();
        switch (this) {
            case NORMAL -> raw.copyTo(out);
            case FLIP_HORIZONTAL -> Core.flip(raw, out, 1);
            case ROTATE_180 -> Core.rotate(raw, out, Core.ROTATE_180);
            case FLIP_VERTICAL -> Core.flip(raw, out, 0);
            case TRANSPOSE -> Core.transpose(raw, out);
            case ROTATE_90_CW -> Core.rotate(raw, out, Core.ROTATE_90_CLOCKWISE);
            case TRANSVERSE -> {
                Mat transposed = new Mat();
                Core.transpose(raw, transposed);
                Core.flip(transposed, out, -1);
                transposed.release();
            }
            case ROTATE_90_CCW -> Core.rotate(raw, out, Core.ROTATE_90_COUNTERCLOCKWISE);
        }
        return out;
    }
}
