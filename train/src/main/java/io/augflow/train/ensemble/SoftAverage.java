package io.augflow.train.ensemble;

import java.util.Arrays;

/** Soft averaging: the mean of the members' class probabilities. */
public record SoftAverage() implements Combiner {

    @Override
    public CombineMethod method() {
        return CombineMethod.AVERAGE;
    }

    @Override
    public double[] combine(double[][] members) {
        return WeightedAverage.mix(members, uniform(members.length));
    }

    @Override
    public double[] memberWeights(int members) {
        return uniform(members);
    }

    static double[] uniform(int members) {
        double[] w = new double[members];
        Arrays.fill(w, 1.0 / members);
        return w;
    }
}
