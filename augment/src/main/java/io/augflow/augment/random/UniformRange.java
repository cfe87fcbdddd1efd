package io.augflow.augment.random;

import java.util.SplittableRandom;

/**
 * A closed interval {@code [low, high]} that a transform draws a number from, uniformly. A value (not a
 * random state): drawing takes the caller's stream. {@code low == high} is a fixed value.
 */
public record UniformRange(double low, double high) implements java.io.Serializable {

    public UniformRange {
        if (!Double.isFinite(low) || !Double.isFinite(high) || low > high) {
            throw new IllegalArgumentException(
                    "a range must be finite with low <= high, got [" + fmt(low) + ", " + fmt(high) + "]");
        }
    }

    /** From the {@code [low, high]} pair returned by {@code TransformConfig.range}. */
    public static UniformRange of(double[] pair) {
        if (pair.length != 2) {
            throw new IllegalArgumentException("a range needs two numbers, got " + pair.length);
        }
        return new UniformRange(pair[0], pair[1]);
    }

    public static UniformRange fixed(double value) {
        return new UniformRange(value, value);
    }

    /** {@code [low, high]}: the form {@code TransformConfig.range} takes as its default. */
    public double[] pair() {
        return new double[] {low, high};
    }

    /** One uniform draw; always consumes exactly one {@code nextDouble()}, even for a fixed value. */
    public double draw(SplittableRandom rng) {
        return low + (high - low) * rng.nextDouble();
    }

    /**
     * Checks that the range lies within {@code [min, max]}; the error names {@code qualifiedKey}
     * (e.g. {@code "gamma.gamma"}), the value and the rule, like {@code TransformConfig} does.
     */
    public UniformRange requireWithin(String qualifiedKey, double min, double max) {
        if (low < min || high > max) {
            throw new IllegalArgumentException(qualifiedKey + " must be a range within [" + fmt(min) + ", "
                    + fmt(max) + "] with low <= high, got [" + fmt(low) + ", " + fmt(high) + "]");
        }
        return this;
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
