package io.augflow.train.optim;

import java.util.Objects;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Classical (heavy-ball) momentum SGD, the form PyTorch's {@code SGD(momentum=mu)} uses:
 * {@code v <- mu * v + g; theta <- theta - lr * v}. DL4J 1.0.0-M2.1 ships only the Nesterov variant
 * ({@code Nesterovs}), so this is the DL4J updater configuration for {@code optimizer.type = momentum};
 * {@link MomentumUpdater} does the arithmetic. One state value per parameter ({@code V}), kept in DL4J's
 * updater view array, so Spark parameter averaging averages it like any other updater state.
 *
 * <p>Mutable only because {@link IUpdater#setLrAndSchedule} demands it (DL4J sets a layer's learning rate
 * through it); JSON-serialisable like DL4J's updaters.
 */
public final class Momentum extends ScheduledLearningRate<Momentum> {
    private static final long serialVersionUID = 1L;

    private final double momentum;

    /**
     * @param learningRate         the fixed learning rate, > 0 (ignored when a schedule is given)
     * @param learningRateSchedule the learning-rate schedule, may be null for a fixed rate
     * @param momentum             mu, in [0, 1)
     */
    public Momentum(@JsonProperty("learningRate") double learningRate,
                    @JsonProperty("learningRateSchedule") ISchedule learningRateSchedule,
                    @JsonProperty("momentum") double momentum) {
        super(learningRate, learningRateSchedule);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        this.momentum = momentum;
    }

    public Momentum(double learningRate, double momentum) {
        this(learningRate, null, momentum);
    }

    @Override
    public long stateSize(long numParams) {
        return numParams;
    }

    @Override
    protected GradientUpdater<Momentum> newUpdater() {
        return new MomentumUpdater(this);
    }

    @Override
    public Momentum clone() {
        return new Momentum(getLearningRate(), clonedSchedule(), momentum);
    }

    public double getMomentum() {
        return momentum;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Momentum m && sameLearningRate(m) && m.momentum == momentum;
    }

    @Override
    public int hashCode() {
        return Objects.hash(getLearningRate(), getLearningRateSchedule(), momentum);
    }

    @Override
    public String toString() {
        return "Momentum(learningRate=" + getLearningRate() + ", learningRateSchedule=" + getLearningRateSchedule()
                + ", momentum=" + momentum + ")";
    }
}
