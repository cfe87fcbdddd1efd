package io.augflow.train.detect.eval;

/** The rules every evaluated box follows, in one place. */
final class BoxChecks {
    private BoxChecks() {}

    static void check(String what, String imageId, int classId, double x, double y, double w, double h) {
        if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(w) || !Double.isFinite(h)) {
            throw new IllegalArgumentException(what + " on '" + imageId + "': coordinates must be finite, got x=" + x
                    + " y=" + y + " w=" + w + " h=" + h);
        }
        if (w < 0 || h < 0) {
            throw new IllegalArgumentException(what + " on '" + imageId + "': size must be >= 0, got w=" + w
                    + " h=" + h);
        }
        if (classId < 0) {
            throw new IllegalArgumentException(what + " on '" + imageId + "': class must be >= 0, got " + classId);
        }
    }
}
