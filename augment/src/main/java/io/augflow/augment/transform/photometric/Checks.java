package io.augflow.augment.transform.photometric;

/** Constructor checks shared by the photometric transforms; messages name the key, value and rule. */
final class Checks {
    private Checks() {}

    static void probability(String transform, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(transform + ".p must be in [0, 1], got " + p);
        }
    }

    static void within(String qualifiedKey, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(qualifiedKey + " must be in [" + fmt(min) + ", " + fmt(max)
                    + "], got " + fmt(value));
        }
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
