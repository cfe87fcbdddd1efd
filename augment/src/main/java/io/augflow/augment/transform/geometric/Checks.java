package io.augflow.augment.transform.geometric;

import io.augflow.augment.InvalidSampleException;
import io.augflow.augment.Sample;
import io.augflow.augment.transform.TransformConfig;

/** Validation shared by the geometric transforms' constructors and factories. */
final class Checks {
    /** Largest output side a size parameter may ask for. */
    static final int MAX_SIDE = 1 << 15;

    private Checks() {}

    static void probability(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + ".p must be in [0, 1], got " + p);
        }
    }

    static void fill(String name, int fill) {
        if (fill < 0 || fill > 255) {
            throw new IllegalArgumentException(name + ".fill must be in [0, 255], got " + fill);
        }
    }

    static void side(String name, String key, int value) {
        if (value < 1 || value > MAX_SIDE) {
            throw new IllegalArgumentException(name + "." + key + " must be in [1, " + MAX_SIDE + "], got " + value);
        }
    }

    static <T> T notNull(String name, String key, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + "." + key + " must be given, got null");
        }
        return value;
    }

    /** A key without default: its absence is named like a bad value. */
    static int requiredInt(TransformConfig cfg, String key, int min, int max) {
        if (!cfg.has(key)) {
            throw new IllegalArgumentException(cfg.transformName() + "." + key + " is required (an integer in ["
                    + min + ", " + max + "]), got nothing");
        }
        return cfg.intIn(key, 0, min, max);
    }

    /** Bad data, not bad config: a crop rectangle that does not fit the sample's image. */
    static void cropFits(String name, Sample sample, int x, int y, int w, int h) {
        if (x < 0 || y < 0 || w < 1 || h < 1 || x + w > sample.width() || y + h > sample.height()) {
            throw new InvalidSampleException(sample.id(), name + " crop " + w + "x" + h + " at (" + x + ", " + y
                    + ") does not fit the " + sample.width() + "x" + sample.height() + " image");
        }
    }
}
