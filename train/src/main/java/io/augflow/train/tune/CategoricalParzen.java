package io.augflow.train.tune;

import java.util.SplittableRandom;

/**
 * Parzen estimator of a choice: each option's share of the observations, smoothed by one pseudo-count per option
 * (the uniform prior), so an option never seen keeps a non-zero probability.
 */
final class CategoricalParzen implements ParzenDensity {
    private final double[] probabilities;

    CategoricalParzen(int options, int[] observedIndices) {
        double[] counts = new double[options];
        java.util.Arrays.fill(counts, 1.0);
        for (int i : observedIndices) {
            counts[i]++;
        }
        double total = options + observedIndices.length;
        probabilities = new double[options];
        for (int k = 0; k < options; k++) {
            probabilities[k] = counts[k] / total;
        }
    }

    @Override
    public double sample(SplittableRandom rng) {
        double u = rng.nextDouble();
        double cumulative = 0;
        for (int k = 0; k < probabilities.length; k++) {
            cumulative += probabilities[k];
            if (u < cumulative) {
                return k;
            }
        }
        return probabilities.length - 1;
    }

    @Override
    public double logDensity(double x) {
        return Math.log(probabilities[(int) x]);
    }
}
