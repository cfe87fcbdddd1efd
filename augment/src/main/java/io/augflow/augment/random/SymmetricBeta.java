package io.augflow.augment.random;

import java.util.SplittableRandom;

/**
 * The Beta(alpha, alpha) distribution on [0, 1], drawn from the caller's stream: mean 1/2, variance
 * {@code 1 / (4 (2 alpha + 1))}. Large {@code alpha} concentrates draws near 1/2, {@code alpha = 1} is uniform,
 * small {@code alpha} pushes them towards 0 and 1. A value, not a random state.
 *
 * <p>Drawn as {@code X / (X + Y)} with X, Y ~ Gamma(alpha, 1) independent; Gamma by Marsaglia and Tsang's
 * squeeze method (2000), with {@code Gamma(a) = Gamma(a + 1) * U^(1/a)} for {@code a < 1}. The number of
 * values consumed from the stream varies (rejection), so give it a stream of its own.
 */
public record SymmetricBeta(double alpha) implements java.io.Serializable {

    public SymmetricBeta {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("a Beta(alpha, alpha) needs a finite alpha > 0, got " + alpha);
        }
    }

    /** One draw in [0, 1]. */
    public double draw(SplittableRandom rng) {
        double x = gamma(alpha, rng);
        double y = gamma(alpha, rng);
        double sum = x + y;
        return sum > 0 ? x / sum : 0.5; // both underflowed (alpha tiny): the distribution's centre
    }

    private static double gamma(double shape, SplittableRandom rng) {
        if (shape < 1) {
            double u = rng.nextDouble();
            return gamma(shape + 1, rng) * Math.pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z = rng.nextGaussian();
            double v = 1 + c * z;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = rng.nextDouble();
            if (u < 1 - 0.0331 * z * z * z * z || Math.log(u) < 0.5 * z * z + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }
}
