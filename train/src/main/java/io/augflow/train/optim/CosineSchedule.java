package io.augflow.train.optim;

import java.util.Objects;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Cosine annealing without restarts (Loshchilov and Hutter, SGDR): for iteration {@code i < T},
 * {@code v(i) = min + (initial - min) * (1 + cos(pi * i / T)) / 2}; from {@code i = T} on, {@code v = min}.
 * DL4J 1.0.0-M2.1 has no cosine schedule. Iteration-based; JSON-serialisable like DL4J's schedules.
 */
public final class CosineSchedule implements ISchedule {
    private static final long serialVersionUID = 1L;

    private final double initialValue;
    private final double minValue;
    private final int maxIterations;

    /**
     * @param initialValue  value at iteration 0, > 0
     * @param minValue      value reached at {@code maxIterations}, in [0, initialValue]
     * @param maxIterations length T of the annealing, >= 1
     */
    public CosineSchedule(@JsonProperty("initialValue") double initialValue,
                          @JsonProperty("minValue") double minValue,
                          @JsonProperty("maxIterations") int maxIterations) {
        if (!(initialValue > 0) || Double.isInfinite(initialValue)) {
            throw new IllegalArgumentException("cosine initial value must be a finite number > 0, got " + initialValue);
        }
        if (!(minValue >= 0 && minValue <= initialValue)) {
            throw new IllegalArgumentException("min-lr must be in [0, " + initialValue + "], got " + minValue);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("max-iterations must be >= 1, got " + maxIterations);
        }
        this.initialValue = initialValue;
        this.minValue = minValue;
        this.maxIterations = maxIterations;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        if (iteration >= maxIterations) {
            return minValue;
        }
        return minValue + (initialValue - minValue) * 0.5 * (1 + Math.cos(Math.PI * iteration / maxIterations));
    }

    @Override
    public ISchedule clone() {
        return new CosineSchedule(initialValue, minValue, maxIterations);
    }

    public double getInitialValue() {
        return initialValue;
    }

    public double getMinValue() {
        return minValue;
    }

    public int getMaxIterations() {
        return maxIterations;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CosineSchedule c && c.initialValue == initialValue && c.minValue == minValue
                && c.maxIterations == maxIterations;
    }

    @Override
    public int hashCode() {
        return Objects.hash(initialValue, minValue, maxIterations);
    }

    @Override
    public String toString() {
        return "CosineSchedule(initialValue=" + initialValue + ", minValue=" + minValue
                + ", maxIterations=" + maxIterations + ")";
    }
}
