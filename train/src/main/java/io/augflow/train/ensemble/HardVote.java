package io.augflow.train.ensemble;

/**
 * Hard voting: each member votes for its most probable class (ties: the lower class index). The ensemble's
 * "probability" of class k is {@code (votes_k + mean_k) / (members + 1)}, where {@code mean_k} is the members' mean
 * probability: it sums to 1, ranks classes by votes first, and breaks a tie in votes by the mean probability
 * instead of by class order (the mean is below 1, so it never outweighs one vote).
 */
public record HardVote() implements Combiner {

    @Override
    public CombineMethod method() {
        return CombineMethod.VOTE;
    }

    @Override
    public double[] combine(double[][] members) {
        int classes = members[0].length;
        double[] out = new double[classes];
        for (double[] p : members) {
            out[argmax(p)] += 1;
            for (int k = 0; k < classes; k++) {
                out[k] += p[k] / members.length;
            }
        }
        for (int k = 0; k < classes; k++) {
            out[k] /= members.length + 1;
        }
        return out;
    }

    @Override
    public double[] memberWeights(int members) {
        return SoftAverage.uniform(members);
    }

    static int argmax(double[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }
}
