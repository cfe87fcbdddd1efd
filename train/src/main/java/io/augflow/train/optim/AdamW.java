package io.augflow.train.optim;

import java.util.Objects;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * AdamW (Loshchilov and Hutter 2019, "Decoupled Weight Decay Regularization", in PyTorch's form): with
 * {@code t = iteration + 1},
 * <pre>
 * m     <- beta1 * m + (1 - beta1) * g
 * v     <- beta2 * v + (1 - beta2) * g^2
 * theta <- theta - lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + epsilon) - lr * weightDecay * theta
 * </pre>
 * The decay term does not pass through the moments. A DL4J {@link GradientUpdater} sees only the gradient,
 * never the parameters, so the two terms live in two DL4J pieces: {@link AdamWUpdater} computes the Adam term,
 * and {@link #decoupledWeightDecay()} is DL4J's {@link WeightDecay} with {@code applyLR = true}, which DL4J applies
 * after the updater ({@code Regularization.ApplyStep.POST_UPDATER}) as {@code + lr(t) * weightDecay * theta},
 * with {@code lr(t)} this updater's current (scheduled) rate. <b>The network's layers must be given that
 * regularization</b> (see {@link OptimizerConf#regularization()} for where and why); without it this is Adam with
 * the paper's epsilon placement and no decay.
 *
 * <p>DL4J 1.0.0-M2.1 has no AdamW; its {@code Adam} puts epsilon inside the bias correction
 * ({@code lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + epsilon)}), which is why the Adam term is
 * written here. Mutable only through {@link #setLrAndSchedule}; JSON-serialisable like DL4J's updaters.
 */
public final class AdamW extends ScheduledLearningRate<AdamW> {
    private static final long serialVersionUID = 1L;

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;

    /**
     * @param learningRate         the fixed learning rate (ignored when a schedule is given)
     * @param learningRateSchedule the learning-rate schedule, may be null for a fixed rate
     * @param beta1                in [0, 1)
     * @param beta2                in [0, 1)
     * @param epsilon              a finite number > 0
     * @param weightDecay          lambda, a finite number >= 0
     */
    public AdamW(@JsonProperty("learningRate") double learningRate,
                 @JsonProperty("learningRateSchedule") ISchedule learningRateSchedule,
                 @JsonProperty("beta1") double beta1,
                 @JsonProperty("beta2") double beta2,
                 @JsonProperty("epsilon") double epsilon,
                 @JsonProperty("weightDecay") double weightDecay) {
        super(learningRate, learningRateSchedule);
        check(beta1 >= 0 && beta1 < 1, "beta1", beta1, "in [0, 1)");
        check(beta2 >= 0 && beta2 < 1, "beta2", beta2, "in [0, 1)");
        check(epsilon > 0 && !Double.isInfinite(epsilon), "epsilon", epsilon, "a finite number > 0");
        check(weightDecay >= 0 && !Double.isInfinite(weightDecay), "weight-decay", weightDecay,
                "a finite number >= 0");
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
    }

    public AdamW(double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {
        this(learningRate, null, beta1, beta2, epsilon, weightDecay);
    }

    /** The decoupled decay term as DL4J applies it after the updater: {@code + lr(t) * weightDecay * theta}. */
    public Regularization decoupledWeightDecay() {
        return new WeightDecay(weightDecay, true);
    }

    @Override
    public long stateSize(long numParams) {
        return 2 * numParams;
    }

    @Override
    protected GradientUpdater<AdamW> newUpdater() {
        return new AdamWUpdater(this);
    }

    @Override
    public AdamW clone() {
        return new AdamW(getLearningRate(), clonedSchedule(),
                beta1, beta2, epsilon, weightDecay);
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

    public double getWeightDecay() {
        return weightDecay;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdamW a && sameLearningRate(a) && a.beta1 == beta1 && a.beta2 == beta2
                && a.epsilon == epsilon && a.weightDecay == weightDecay;
    }

    @Override
    public int hashCode() {
        return Objects.hash(getLearningRate(), getLearningRateSchedule(), beta1, beta2, epsilon, weightDecay);
    }

    @Override
    public String toString() {
        return "AdamW(learningRate=" + getLearningRate() + ", learningRateSchedule=" + getLearningRateSchedule()
                + ", beta1=" + beta1 + ", beta2=" + beta2 + ", epsilon=" + epsilon
                + ", weightDecay=" + weightDecay + ")";
    }

    private static void check(boolean ok, String key, double value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("adamw " + key + " must be " + rule + ", got " + value);
        }
    }
}
