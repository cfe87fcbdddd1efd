package io.augflow.train.ensemble;

import java.util.Arrays;

/**
 * A weighted mean of the members' class probabilities, {@code sum_m w_m p_m}, with weights on the simplex
 * (non-negative, summing to 1), fitted by {@link WeightSearch}.
 */
public record WeightedAverage(double[] weights) implements Combiner {

    public WeightedAverage {
        double sum = 0;
        for (double w : weights) {
            if (!(w >= 0)) {
                throw new IllegalArgumentException("ensemble weights must be >= 0, got " + Arrays.toString(weights));
            }
            sum += w;
        }
        if (weights.length == 0 || Math.abs(sum - 1) > 1e-6) {
            throw new IllegalArgumentException("ensemble weights must sum to 1, got " + Arrays.toString(weights));
        }
        weights = weights.clone();
    }

    @Override
    public CombineMethod method() {
        return CombineMethod.WEIGHTED;
    }

    @Override
    public double[] combine(double[][] members) {
        if (members.length != weights.length) {
            throw new IllegalArgumentException("this ensemble has " + weights.length + " weights, got "
                    + members.length + " members' probabilities");
        }
        return mix(members, weights);
    }

    @Override
    public double[] memberWeights(int members) {
        return weights.clone();
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    static double[] mix(double[][] members, double[] weights) {
        double[] out = new double[members[0].length];
        for (int m = 0; m < members.length; m++) {
            for (int k = 0; k < out.length; k++) {
                out[k] += weights[m] * members[m][k];
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeightedAverage w && Arrays.equals(weights, w.weights);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(weights);
    }

    @Override
    public String toString() {
        return "WeightedAverage" + Arrays.toString(weights);
    }
}
