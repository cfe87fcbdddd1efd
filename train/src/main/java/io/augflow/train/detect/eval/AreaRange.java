package io.augflow.train.detect.eval;

/**
 * COCO's object size buckets by area in square pixels, bounds included on both sides (an area of exactly
 * {@code 32 * 32} is both small and medium), as pycocotools' default {@code areaRng}.
 */
public enum AreaRange {
    ALL(0, 1e10),
    SMALL(0, 32 * 32),
    MEDIUM(32 * 32, 96 * 96),
    LARGE(96 * 96, 1e10);

    private final double min;
    private final double max;

    AreaRange(double min, double max) {
        this.min = min;
        this.max = max;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public boolean contains(double area) {
        return area >= min && area <= max;
    }
}
