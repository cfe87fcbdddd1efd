package io.augflow.train.optim;

import java.util.Objects;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Polynomial decay to zero (Caffe's "poly" policy): for iteration {@code i < T},
 * {@code v(i) = initial * (1 - i / T)^power}; from {@code i = T} on, {@code v = 0}. Written here because
 * DL4J 1.0.0-M2.1's {@code PolySchedule} computes {@code initial * (1 + i / T)^power}, which grows for a
 * positive power (see {@code ScheduleValuesTest}). Iteration-based; JSON-serialisable.
 */
public final class PolynomialSchedule implements ISchedule {
    private static final long serialVersionUID = 1L;

    private final double initialValue;
    private final double power;
    private final int maxIterations;

    /**
     * @param initialValue  value at iteration 0, > 0
     * @param power         exponent, > 0 (1 = linear decay)
     * @param maxIterations length T of the decay, >= 1
     */
    public PolynomialSchedule(@JsonProperty("initialValue") double initialValue,
                              @JsonProperty("power") double power,
                              @JsonProperty("maxIterations") int maxIterations) {
        if (!(initialValue > 0) || Double.isInfinite(initialValue)) {
            throw new IllegalArgumentException("polynomial initial value must be a finite number > 0, got "
                    + initialValue);
        }
        if (!(power > 0) || Double.isInfinite(power)) {
            throw new IllegalArgumentException("power must be a finite number > 0, got " + power);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("max-iterations must be >= 1, got " + maxIterations);
        }
        this.initialValue = initialValue;
        this.power = power;
        this.maxIterations = maxIterations;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        if (iteration >= maxIterations) {
            return 0;
        }
        return initialValue * Math.pow(1 - (double) iteration / maxIterations, power);
    }

    @Override
    public ISchedule clone() {
        return new PolynomialSchedule(initialValue, power, maxIterations);
    }

    public double getInitialValue() {
        return initialValue;
    }

    public double getPower() {
        return power;
    }

    public int getMaxIterations() {
        return maxIterations;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PolynomialSchedule p && p.initialValue == initialValue && p.power == power
                && p.maxIterations == maxIterations;
    }

    @Override
    public int hashCode() {
        return Objects.hash(initialValue, power, maxIterations);
    }

    @Override
    public String toString() {
        return "PolynomialSchedule(initialValue=" + initialValue + ", power=" + power
                + ", maxIterations=" + maxIterations + ")";
    }
}
