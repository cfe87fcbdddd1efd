package io.augflow.augment;

/**
 * An axis-aligned box in pixel coordinates: top-left corner ({@code x}, {@code y}), width {@code w} and
 * height {@code h}, with its class. The one box format inside augflow: importers convert YOLO and COCO
 * boxes to it once, at ingest. {@code pasted} marks an object added by copy-paste (for previews and reports).
 * {@code crowd} marks a COCO {@code iscrowd = 1} region: a group of objects under one box, which evaluation
 * ignores rather than matches, so copy-paste never takes it as a donor and statistics and sampling plans do
 * not count it as an object. Every transform keeps both flags: they move with the box ({@link #withCoordinates},
 * {@link #clippedTo}).
 */
public record Box(int classId, float x, float y, float w, float h, boolean pasted, boolean crowd) {

    public Box {
        if (!Float.isFinite(x) || !Float.isFinite(y) || !Float.isFinite(w) || !Float.isFinite(h)) {
            throw new IllegalArgumentException(
                    "box coordinates must be finite, got x=" + x + " y=" + y + " w=" + w + " h=" + h);
        }
        if (w < 0 || h < 0) {
            throw new IllegalArgumentException("box size must be >= 0, got w=" + w + " h=" + h);
        }
        if (classId < 0) {
            throw new IllegalArgumentException("box class must be >= 0, got " + classId);
        }
    }

    /** An ordinary object: neither pasted nor crowd. */
    public Box(int classId, float x, float y, float w, float h) {
        this(classId, x, y, w, h, false, false);
    }

    /** An object that is not a crowd region. */
    public Box(int classId, float x, float y, float w, float h, boolean pasted) {
        this(classId, x, y, w, h, pasted, false);
    }

    /** The non-crowd box spanning two corners, whatever their order. */
    public static Box fromCorners(int classId, double x1, double y1, double x2, double y2, boolean pasted) {
        return fromCorners(classId, x1, y1, x2, y2, pasted, false);
    }

    /** The box spanning two corners, whatever their order. */
    public static Box fromCorners(int classId, double x1, double y1, double x2, double y2, boolean pasted,
            boolean crowd) {
        return new Box(classId, (float) Math.min(x1, x2), (float) Math.min(y1, y2),
                (float) Math.abs(x2 - x1), (float) Math.abs(y2 - y1), pasted, crowd);
    }

    public float x2() {
        return x + w;
    }

    public float y2() {
        return y + h;
    }

    public float area() {
        return w * h;
    }

    public Box withCoordinates(double x, double y, double w, double h) {
        return new Box(classId, (float) x, (float) y, (float) w, (float) h, pasted, crowd);
    }

    /** The part of this box inside a {@code width} x {@code height} image (possibly empty). */
    public Box clippedTo(int width, int height) {
        float cx1 = Math.max(0f, Math.min(x, width));
        float cy1 = Math.max(0f, Math.min(y, height));
        float cx2 = Math.max(0f, Math.min(x2(), width));
        float cy2 = Math.max(0f, Math.min(y2(), height));
        return new Box(classId, cx1, cy1, cx2 - cx1, cy2 - cy1, pasted, crowd);
    }

    public boolean isInside(int width, int height) {
        return x >= 0 && y >= 0 && x2() <= width && y2() <= height;
    }

    public float intersectionArea(Box other) {
        float iw = Math.min(x2(), other.x2()) - Math.max(x, other.x);
        float ih = Math.min(y2(), other.y2()) - Math.max(y, other.y);
        return iw <= 0 || ih <= 0 ? 0f : iw * ih;
    }
}
