package io.augflow.train.loss;

import java.util.Arrays;

/**
 * Class weights by the effective number of samples (Cui et al., "Class-Balanced Loss Based on Effective Number
 * of Samples", 2019): {@code w_c = (1 - beta) / (1 - beta^n_c)}, normalised to sum to the number of classes,
 * so that on average an example keeps weight 1. {@code beta -> 1} approaches inverse frequency, {@code beta = 0}
 * gives equal weights. Usable as the weights of weighted cross-entropy, focal alpha and {@link LdamLoss}.
 */
public final class ClassBalancedWeights {
    private ClassBalancedWeights() {
    }

    /**
     * @param classCounts examples per class, each >= 1
     * @param beta        in [0, 1)
     */
    public static double[] effectiveNumber(long[] classCounts, double beta) {
        long[] counts = ShiftedSoftmax.checkedCounts(classCounts, "ClassBalancedWeights");
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException("ClassBalancedWeights beta must be in [0, 1), got " + beta);
        }
        // 1 - beta^n via expm1/log1p keeps precision for beta near 1 and small n.
        double[] w = Arrays.stream(counts)
                .mapToDouble(n -> beta == 0 ? 1.0 : (1 - beta) / -Math.expm1(n * Math.log(beta)))
                .toArray();
        double sum = Arrays.stream(w).sum();
        return Arrays.stream(w).map(x -> x * counts.length / sum).toArray();
    }
}
