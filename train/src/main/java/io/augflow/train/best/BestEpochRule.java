package io.augflow.train.best;

import java.util.Optional;

/**
 * Picks the best epoch from a run's validation figures, one epoch at a time, and says when patience ran out. An
 * epoch is better only when its value beats the best so far by more than {@code minDelta} (higher is better), so
 * a tie keeps the earlier epoch; a NaN value is never better, and anything but NaN beats a NaN best. Early stopping
 * (patience {@code > 0}) stops once {@code patience} epochs in a row have not been better.
 *
 * @param minDelta the margin a value must beat the best by, {@code >= 0}
 * @param patience epochs without a better one before stopping; 0 = never stop early
 */
public record BestEpochRule(double minDelta, int patience) {
    public BestEpochRule {
        if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
            throw new IllegalArgumentException("minDelta must be finite and >= 0, got " + minDelta);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0, got " + patience);
        }
    }

    /** The state after {@code epoch} scored {@code value}, given the state before it (empty: the first epoch). */
    public BestEpoch next(Optional<BestEpoch> sofar, int epoch, double value) {
        if (sofar.isEmpty()) {
            return new BestEpoch(epoch, value, epoch);
        }
        BestEpoch best = sofar.get();
        if (epoch <= best.lastEpoch()) {
            throw new IllegalArgumentException("epochs must come in increasing order: epoch " + epoch + " after "
                    + best.lastEpoch());
        }
        return isBetter(value, best.value()) ? new BestEpoch(epoch, value, epoch)
                : new BestEpoch(best.epoch(), best.value(), epoch);
    }

    /** The state after a whole sequence of values, epoch {@code i} scoring {@code values[i]}; empty for none. */
    public Optional<BestEpoch> replay(double... values) {
        Optional<BestEpoch> state = Optional.empty();
        for (int epoch = 0; epoch < values.length; epoch++) {
            state = Optional.of(next(state, epoch, values[epoch]));
        }
        return state;
    }

    /** Whether early stopping is on and {@code patience} epochs in a row were not better than the best. */
    public boolean patienceRanOut(BestEpoch state) {
        return patience > 0 && state.epochsSinceBest() >= patience;
    }

    private boolean isBetter(double value, double best) {
        if (Double.isNaN(value)) {
            return false;
        }
        return Double.isNaN(best) || value > best + minDelta;
    }
}
