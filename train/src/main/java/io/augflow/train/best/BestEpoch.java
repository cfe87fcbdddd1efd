package io.augflow.train.best;

/**
 * The best epoch of a run so far by one validation metric, and the last epoch seen.
 *
 * @param epoch     the best epoch (0-based, as in the history)
 * @param value     its metric value (NaN when its evaluation gave none)
 * @param lastEpoch the latest epoch seen
 */
public record BestEpoch(int epoch, double value, int lastEpoch) {
    public BestEpoch {
        if (lastEpoch < epoch) {
            throw new IllegalArgumentException("lastEpoch must be >= epoch, got " + lastEpoch + " < " + epoch);
        }
    }

    /** Epochs seen since the best one without a better one. */
    public int epochsSinceBest() {
        return lastEpoch - epoch;
    }
}
