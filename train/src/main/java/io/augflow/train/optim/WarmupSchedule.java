package io.augflow.train.optim;

import java.util.Objects;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Linear warm-up in front of another schedule: for iteration {@code i < n} the value rises linearly from 0,
 * {@code v(i) = after(0) * i / n}; from {@code i = n} on the wrapped schedule takes over, started afresh,
 * {@code v(i) = after(i - n)}. The hand-over is continuous ({@code v(n) = after(0)}) and the wrapped
 * schedule's decay period counts after the warm-up, so "cosine over 1000 iterations with 100 warm-up"
 * ends at iteration 1100.
 *
 * <p>Iteration-based only: the epoch is passed through to the wrapped schedule unchanged. DL4J's own
 * {@code RampSchedule} is similar but has no JSON creator (a saved network using it cannot be loaded) and
 * keeps the wrapped schedule's clock running during the ramp.
 */
public final class WarmupSchedule implements ISchedule {
    private static final long serialVersionUID = 1L;

    private final ISchedule after;
    private final int warmupIterations;

    /**
     * @param after            the schedule that follows the warm-up
     * @param warmupIterations iterations of linear ramp, >= 1
     */
    public WarmupSchedule(@JsonProperty("after") ISchedule after,
                          @JsonProperty("warmupIterations") int warmupIterations) {
        this.after = Objects.requireNonNull(after, "after");
        if (warmupIterations < 1) {
            throw new IllegalArgumentException("warmup-iterations must be >= 1, got " + warmupIterations);
        }
        this.warmupIterations = warmupIterations;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        if (iteration >= warmupIterations) {
            return after.valueAt(iteration - warmupIterations, epoch);
        }
        return after.valueAt(0, epoch) * iteration / warmupIterations;
    }

    @Override
    public ISchedule clone() {
        return new WarmupSchedule(after.clone(), warmupIterations);
    }

    public ISchedule getAfter() {
        return after;
    }

    public int getWarmupIterations() {
        return warmupIterations;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WarmupSchedule w && w.warmupIterations == warmupIterations && w.after.equals(after);
    }

    @Override
    public int hashCode() {
        return Objects.hash(after, warmupIterations);
    }

    @Override
    public String toString() {
        return "WarmupSchedule(warmupIterations=" + warmupIterations + ", after=" + after + ")";
    }
}
