package io.augflow.augment.transform.geometric;

import io.augflow.augment.transform.TransformConfig;
import java.util.SplittableRandom;

/**
 * A closed interval {@code [low, high]} that a parameter is drawn from uniformly. {@code low == high}
 * makes the parameter fixed.
 */
public record Range(double low, double high) {

    public Range {
        if (!Double.isFinite(low) || !Double.isFinite(high) || low > high) {
            throw new IllegalArgumentException("a range needs finite low <= high, got [" + low + ", " + high + "]");
        }
    }

    public static Range of(double low, double high) {
        return new Range(low, high);
    }

    /** Reads {@code key} as a number or a {@code [low, high]} pair (see {@link TransformConfig#range}). */
    public static Range fromConfig(TransformConfig cfg, String key, Range defaultValue, double min, double max,
            boolean symmetric) {
        double[] r = cfg.range(key, new double[] {defaultValue.low, defaultValue.high}, min, max, symmetric);
        return new Range(r[0], r[1]);
    }

    /** One uniform draw; always consumes one value of {@code rng}, so later draws do not shift. */
    public double draw(SplittableRandom rng) {
        double u = rng.nextDouble();
        return low == high ? low : low + (high - low) * u;
    }

    /** Throws unless the range lies within {@code [min, max]}; {@code what} is e.g. {@code "rotate.limit"}. */
    Range requireWithin(String what, double min, double max) {
        if (low < min || high > max) {
            throw new IllegalArgumentException(what + " must be a range within [" + min + ", " + max + "], got "
                    + this);
        }
        return this;
    }

    @Override
    public String toString() {
        return "[" + low + ", " + high + "]";
    }
}
