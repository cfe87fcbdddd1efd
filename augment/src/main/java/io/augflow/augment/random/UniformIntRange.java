package io.augflow.augment.random;

import java.util.Arrays;
import java.util.SplittableRandom;

/** A closed integer interval {@code [low, high]} drawn from uniformly (a count of holes, of copies...). */
public record UniformIntRange(int low, int high) implements java.io.Serializable {

    public UniformIntRange {
        if (low > high) {
            throw new IllegalArgumentException("a range must have low <= high, got [" + low + ", " + high + "]");
        }
    }

    /**
     * From the {@code [low, high]} pair returned by {@code TransformConfig.range}; both must be integers,
     * and the error names {@code qualifiedKey} (e.g. {@code "cutout.holes"}).
     */
    public static UniformIntRange of(double[] pair, String qualifiedKey) {
        if (pair.length != 2 || pair[0] != Math.rint(pair[0]) || pair[1] != Math.rint(pair[1])) {
            throw new IllegalArgumentException(qualifiedKey + " must be an integer or a pair of integers, got "
                    + Arrays.toString(pair));
        }
        return new UniformIntRange((int) pair[0], (int) pair[1]);
    }

    /** One uniform draw in {@code [low, high]}; consumes exactly one {@code nextInt}. */
    public int draw(SplittableRandom rng) {
        return rng.nextInt(low, high + 1);
    }

    /** Checks the range lies within {@code [min, max]}; the error names {@code qualifiedKey}. */
    public UniformIntRange requireWithin(String qualifiedKey, int min, int max) {
        if (low < min || high > max) {
            throw new IllegalArgumentException(qualifiedKey + " must be a range of integers within [" + min + ", "
                    + max + "] with low <= high, got [" + low + ", " + high + "]");
        }
        return this;
    }
}
