package io.augflow.pipeline.stats;

import java.util.Arrays;

/**
 * The effective number of samples (Cui et al., "Class-Balanced Loss Based on Effective Number of Samples", 2019)
 * and the class weights built from it: the one implementation of the formula, used by the statistics
 * ({@link StatsConf#effectiveNumber}), the balancing plan's exported weights ({@code balance.class-weights =
 * effective-number}) and the losses' class-balanced weighting ({@code loss.class-balanced}, deferred re-weighting).
 *
 * <pre>
 *   E(n) = (1 - beta^n) / (1 - beta)          (0 for n = 0; n for beta = 0 is not it: E(n) = 1 for every n >= 1)
 *   w_c  = (1 / E(n_c)) * C' / sum_k (1 / E(n_k))   over the C' classes with n_k >= 1; w_c = 0 when n_c = 0
 * </pre>
 * so the weights of the classes that have examples sum to their number (an example keeps weight 1 on average
 * over classes). {@code beta -> 1} approaches inverse frequency, {@code beta = 0} gives equal weights.
 */
public final class EffectiveNumber {
    private EffectiveNumber() {}

    /**
     * {@code E(n) = (1 - beta^n) / (1 - beta)}: grows like {@code n} for small {@code n}, saturates at
     * {@code 1 / (1 - beta)}; 0 for {@code n <= 0}.
     *
     * @param beta in [0, 1)
     */
    public static double of(long n, double beta) {
        checkBeta(beta);
        if (n <= 0) {
            return 0.0;
        }
        if (beta == 0) {
            return 1.0;
        }
        // 1 - beta^n via expm1/log1p keeps precision for beta near 1 and small n.
        return -Math.expm1(n * Math.log(beta)) / (1 - beta);
    }

    /**
     * The class-balanced weights of classes with {@code counts} examples (index = class id): {@code 1 / E(n_c)},
     * normalised to sum to the number of classes with an example; 0 for a class with none.
     */
    public static double[] weights(long[] counts, double beta) {
        checkBeta(beta);
        return normalisedInverse(Arrays.stream(counts).mapToDouble(n -> of(n, beta)).toArray());
    }

    /**
     * {@code 1 / e_c} normalised to sum to the number of positive {@code e_c}; 0 where {@code e_c = 0}: the weights
     * from effective numbers already computed (e.g. the statistics' per-class {@code effectiveNumber}).
     */
    public static double[] normalisedInverse(double[] effective) {
        double inverseSum = 0;
        int present = 0;
        for (double e : effective) {
            if (e > 0) {
                inverseSum += 1.0 / e;
                present++;
            }
        }
        double[] w = new double[effective.length];
        for (int c = 0; c < w.length; c++) {
            w[c] = effective[c] > 0 ? present * (1.0 / effective[c]) / inverseSum : 0.0;
        }
        return w;
    }

    private static void checkBeta(double beta) {
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException("the effective number's beta must be in [0, 1), got " + beta);
        }
    }
}
