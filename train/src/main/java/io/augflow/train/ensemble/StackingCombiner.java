package io.augflow.train.ensemble;

/**
 * Stacking: a softmax regression whose features are the members' probability vectors laid end to end
 * ({@code member 0's classes, member 1's, ...}). Fitted by {@link StackingFit} with cross-fitting.
 */
public record StackingCombiner(SoftmaxRegression meta) implements Combiner {

    @Override
    public CombineMethod method() {
        return CombineMethod.STACKING;
    }

    @Override
    public double[] combine(double[][] members) {
        return meta.probabilities(features(members));
    }

    /**
     * Each member's share of the meta-model's absolute coefficients: a rough measure of how much the stacker leans on
     * it (the inputs are probabilities on one scale, so the coefficients are comparable).
     */
    @Override
    public double[] memberWeights(int members) {
        double[][] w = meta.weights();
        int classes = w[0].length / members;
        double[] share = new double[members];
        double total = 0;
        for (double[] row : w) {
            for (int f = 0; f < row.length; f++) {
                share[f / classes] += Math.abs(row[f]);
                total += Math.abs(row[f]);
            }
        }
        for (int m = 0; m < members; m++) {
            share[m] = total == 0 ? 1.0 / members : share[m] / total;
        }
        return share;
    }

    static double[] features(double[][] members) {
        int classes = members[0].length;
        double[] x = new double[members.length * classes];
        for (int m = 0; m < members.length; m++) {
            System.arraycopy(members[m], 0, x, m * classes, classes);
        }
        return x;
    }
}
