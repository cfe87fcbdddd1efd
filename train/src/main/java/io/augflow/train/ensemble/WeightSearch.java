package io.augflow.train.ensemble;

/**
 * Fits {@link WeightedAverage}'s weights on a validation table by coordinate search on the simplex, minimising the
 * log-loss of the mixture. Log-loss rather than macro-F1: it uses the whole probability vector, not just the
 * argmax, so it is informative on a small validation split where macro-F1 is flat over wide ranges of weights (a
 * search on it stalls on plateaus and picks among ties by chance); and the log-loss of a mixture,
 * {@code -log sum_m w_m p_m(y)}, is convex in the weights, so the coordinate search reaches the global optimum
 * rather than a local one.
 *
 * <p>The search starts from equal weights and repeatedly moves a share {@code step} of the weight from one member to
 * another, keeping any move that lowers the loss; when no move helps it halves the step, down to
 * {@value #MIN_STEP}.
 */
public final class WeightSearch {
    static final double MIN_STEP = 1e-4;

    private WeightSearch() {}

    public static WeightedAverage fit(ValidationTable table) {
        int members = table.members();
        double[] w = SoftAverage.uniform(members);
        if (members == 1) {
            return new WeightedAverage(w);
        }
        double loss = loss(table, w);
        for (double step = 0.5; step >= MIN_STEP; step /= 2) {
            boolean moved = true;
            while (moved) {
                moved = false;
                for (int to = 0; to < members; to++) {
                    for (int from = 0; from < members; from++) {
                        double delta = Math.min(step, w[from]);
                        if (to == from || delta <= 0) {
                            continue;
                        }
                        double[] tried = w.clone();
                        tried[from] -= delta;
                        tried[to] += delta;
                        double l = loss(table, tried);
                        if (l < loss - 1e-12) {
                            w = tried;
                            loss = l;
                            moved = true;
                        }
                    }
                }
            }
        }
        return new WeightedAverage(normalised(w));
    }

    /** Mean log-loss of the mixture with weights {@code w}. */
    static double loss(ValidationTable table, double[] w) {
        double sum = 0;
        for (int i = 0; i < table.rows(); i++) {
            double p = 0;
            double[][] row = table.row(i);
            for (int m = 0; m < w.length; m++) {
                p += w[m] * row[m][table.label(i)];
            }
            sum -= Math.log(Math.max(p, ValidationFigures.CLIP));
        }
        return sum / table.rows();
    }

    private static double[] normalised(double[] w) {
        double sum = 0;
        for (double v : w) {
            sum += Math.max(v, 0);
        }
        double[] out = new double[w.length];
        for (int m = 0; m < w.length; m++) {
            out[m] = Math.max(w[m], 0) / sum; // removes the rounding the moves accumulated
        }
        return out;
    }
}
