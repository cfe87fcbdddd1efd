package io.augflow.train.tune;

import java.util.List;
import java.util.SplittableRandom;

/**
 * How one parameter of a search space is drawn: a {@link Choice} among listed values, or a range ({@link Uniform},
 * {@link LogUniform}, {@link IntRange}). The records only hold validated bounds; the space parser checks them and
 * names the key in its errors.
 */
public sealed interface Distribution {

    /** One value drawn from the prior. */
    Object sample(SplittableRandom rng);

    /** {@code choice [a, b, ...]}: one of the values (strings, numbers or booleans), each equally likely. */
    record Choice(List<Object> values) implements Distribution {
        public Choice {
            values = List.copyOf(values);
        }

        @Override
        public Object sample(SplittableRandom rng) {
            return values.get(rng.nextInt(values.size()));
        }

        /** The index of {@code value} among the choices, or -1; numbers compare by value (32 equals 32.0). */
        public int indexOf(Object value) {
            for (int i = 0; i < values.size(); i++) {
                if (sameValue(values.get(i), value)) {
                    return i;
                }
            }
            return -1;
        }

        static boolean sameValue(Object a, Object b) {
            if (a instanceof Number x && b instanceof Number y) {
                return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
            }
            return a.equals(b);
        }
    }

    /**
     * A range searched in its own "internal" coordinate, where the prior is flat: the value itself for
     * {@code uniform} and {@code int}, its logarithm for {@code log-uniform}. Parzen estimators and grids work there.
     */
    sealed interface Range extends Distribution {
        /** Lower end of the internal coordinate. */
        double low();

        /** Upper end of the internal coordinate. */
        double high();

        /** The value as it goes into the configuration, from an internal coordinate in [low, high]. */
        Object fromInternal(double x);

        /** The internal coordinate of a configuration value. */
        double toInternal(Object value);

        @Override
        default Object sample(SplittableRandom rng) {
            return fromInternal(low() + (high() - low()) * rng.nextDouble());
        }
    }

    /** {@code uniform [a, b]}: a double, flat on [a, b]. */
    record Uniform(double a, double b) implements Range {
        @Override
        public double low() {
            return a;
        }

        @Override
        public double high() {
            return b;
        }

        @Override
        public Object fromInternal(double x) {
            return Math.min(b, Math.max(a, x));
        }

        @Override
        public double toInternal(Object value) {
            return ((Number) value).doubleValue();
        }
    }

    /** {@code log-uniform [a, b]} with 0 < a < b: a double whose logarithm is flat on [ln a, ln b]. */
    record LogUniform(double a, double b) implements Range {
        @Override
        public double low() {
            return Math.log(a);
        }

        @Override
        public double high() {
            return Math.log(b);
        }

        @Override
        public Object fromInternal(double x) {
            // the ends exactly: exp(ln a) may differ from a in the last bit
            if (x <= low()) {
                return a;
            }
            return x >= high() ? b : Math.min(b, Math.max(a, Math.exp(x)));
        }

        @Override
        public double toInternal(Object value) {
            return Math.log(((Number) value).doubleValue());
        }
    }

    /**
     * {@code int [a, b]}: an integer from a to b inclusive, each equally likely. Internally the interval
     * [a - 0.5, b + 0.5], so that rounding gives every integer the same width.
     */
    record IntRange(long a, long b) implements Range {
        @Override
        public double low() {
            return a - 0.5;
        }

        @Override
        public double high() {
            return b + 0.5;
        }

        @Override
        public Object fromInternal(double x) {
            return Math.min(b, Math.max(a, Math.round(x)));
        }

        @Override
        public double toInternal(Object value) {
            return ((Number) value).doubleValue();
        }
    }
}
