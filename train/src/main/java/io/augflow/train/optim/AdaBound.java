package io.augflow.train.optim;

import java.util.Objects;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * AdaBound (Luo et al. 2019, "Adaptive Gradient Methods with Dynamic Bound of Learning Rate"), as the authors'
 * code computes it: with {@code t = iteration + 1}, {@code lr = lr(t)} the current (scheduled) rate and
 * {@code lr0} the base rate,
 * <pre>
 * m       <- beta1 * m + (1 - beta1) * g
 * v       <- beta2 * v + (1 - beta2) * g^2
 * eta     = lr * sqrt(1 - beta2^t) / (1 - beta1^t) / (sqrt(v) + epsilon)      (per parameter)
 * final   = finalLearningRate * lr / lr0
 * eta     <- clip(eta, final * (1 - 1 / (gamma * t + 1)), final * (1 + 1 / (gamma * t)))
 * theta   <- theta - eta * m
 * </pre>
 * Both bounds tend to {@code final}, so late in training this is SGD (with momentum {@code m}) at
 * {@code final}. DL4J 1.0.0-M2.1 has no AdaBound; {@link AdaBoundUpdater} does the arithmetic. Mutable only
 * through {@link #setLrAndSchedule}; JSON-serialisable like DL4J's updaters.
 */
public final class AdaBound extends ScheduledLearningRate<AdaBound> {
    private static final long serialVersionUID = 1L;

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double finalLearningRate;
    private final double gamma;

    /**
     * @param learningRate         the base learning rate lr0, a finite number > 0 (with a schedule, the rate the
     *                             schedule starts from: {@code final} is scaled by {@code lr(t) / lr0})
     * @param learningRateSchedule the learning-rate schedule, may be null for a fixed rate
     * @param beta1                in [0, 1)
     * @param beta2                in [0, 1)
     * @param epsilon              a finite number > 0
     * @param finalLearningRate    the SGD rate the bounds converge to, a finite number > 0
     * @param gamma                convergence speed of the bounds, in (0, 1)
     */
    public AdaBound(@JsonProperty("learningRate") double learningRate,
                    @JsonProperty("learningRateSchedule") ISchedule learningRateSchedule,
                    @JsonProperty("beta1") double beta1,
                    @JsonProperty("beta2") double beta2,
                    @JsonProperty("epsilon") double epsilon,
                    @JsonProperty("finalLearningRate") double finalLearningRate,
                    @JsonProperty("gamma") double gamma) {
        super(learningRate, learningRateSchedule);
        checkLearningRate(learningRate);
        check(beta1 >= 0 && beta1 < 1, "beta1", beta1, "in [0, 1)");
        check(beta2 >= 0 && beta2 < 1, "beta2", beta2, "in [0, 1)");
        check(epsilon > 0 && !Double.isInfinite(epsilon), "epsilon", epsilon, "a finite number > 0");
        check(finalLearningRate > 0 && !Double.isInfinite(finalLearningRate), "final-learning-rate",
                finalLearningRate, "a finite number > 0");
        check(gamma > 0 && gamma < 1, "gamma", gamma, "in (0, 1)");
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.finalLearningRate = finalLearningRate;
        this.gamma = gamma;
    }

    public AdaBound(double learningRate, double beta1, double beta2, double epsilon, double finalLearningRate,
                    double gamma) {
        this(learningRate, null, beta1, beta2, epsilon, finalLearningRate, gamma);
    }

    /** {@code final * lr(t) / lr0}: the rate both bounds converge to at this iteration. */
    public double boundTarget(int iteration, int epoch) {
        return finalLearningRate * getLearningRate(iteration, epoch) / getLearningRate();
    }

    @Override
    public long stateSize(long numParams) {
        return 2 * numParams;
    }

    @Override
    protected GradientUpdater<AdaBound> newUpdater() {
        return new AdaBoundUpdater(this);
    }

    @Override
    public AdaBound clone() {
        return new AdaBound(getLearningRate(), clonedSchedule(),
                beta1, beta2, epsilon, finalLearningRate, gamma);
    }

    /** @throws IllegalArgumentException when {@code lr} is not a finite number > 0 (it divides the bounds) */
    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        checkLearningRate(lr);
        super.setLrAndSchedule(lr, lrSchedule);
    }

    public double getBeta1() {
        return beta1;
    }

    public double getBeta2() {
        return beta2;
    }

    public double getEpsilon() {
        return epsilon;
    }

    public double getFinalLearningRate() {
        return finalLearningRate;
    }

    public double getGamma() {
        return gamma;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdaBound a && sameLearningRate(a) && a.beta1 == beta1 && a.beta2 == beta2
                && a.epsilon == epsilon && a.finalLearningRate == finalLearningRate && a.gamma == gamma;
    }

    @Override
    public int hashCode() {
        return Objects.hash(getLearningRate(), getLearningRateSchedule(), beta1, beta2, epsilon, finalLearningRate,
                gamma);
    }

    @Override
    public String toString() {
        return "AdaBound(learningRate=" + getLearningRate() + ", learningRateSchedule=" + getLearningRateSchedule()
                + ", beta1=" + beta1 + ", beta2=" + beta2 + ", epsilon=" + epsilon
                + ", finalLearningRate=" + finalLearningRate + ", gamma=" + gamma + ")";
    }

    private static void checkLearningRate(double lr) {
        check(lr > 0 && !Double.isInfinite(lr), "learning rate", lr, "a finite number > 0");
    }

    private static void check(boolean ok, String key, double value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("adabound " + key + " must be " + rule + ", got " + value);
        }
    }
}
