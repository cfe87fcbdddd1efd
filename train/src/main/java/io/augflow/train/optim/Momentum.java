package io.augflow.train.optim;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
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
public final class Momentum implements IUpdater {
    private static final long serialVersionUID = 1L;

    private double learningRate;
    private ISchedule learningRateSchedule;
    private final double momentum;

    /**
     * @param learningRate         the fixed learning rate, > 0 (ignored when a schedule is given)
     * @param learningRateSchedule the learning-rate schedule, may be null for a fixed rate
     * @param momentum             mu, in [0, 1)
     */
    public Momentum(@JsonProperty("learningRate") double learningRate,
                    @JsonProperty("learningRateSchedule") ISchedule learningRateSchedule,
                    @JsonProperty("momentum") double momentum) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        this.learningRate = learningRate;
        this.learningRateSchedule = learningRateSchedule;
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
    public GradientUpdater<Momentum> instantiate(INDArray viewArray, boolean initializeViewArray) {
        MomentumUpdater u = new MomentumUpdater(this);
        u.setStateViewArray(viewArray, viewArray.shape(), viewArray.ordering(), initializeViewArray);
        return u;
    }

    @Override
    public GradientUpdater<Momentum> instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        MomentumUpdater u = new MomentumUpdater(this);
        u.setState(updaterState, initializeStateArrays);
        return u;
    }

    @Override
    public Momentum clone() {
        return new Momentum(learningRate, learningRateSchedule == null ? null : learningRateSchedule.clone(), momentum);
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return learningRateSchedule != null ? learningRateSchedule.valueAt(iteration, epoch) : learningRate;
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        this.learningRate = lr;
        this.learningRateSchedule = lrSchedule;
    }

    public double getLearningRate() {
        return learningRate;
    }

    public ISchedule getLearningRateSchedule() {
        return learningRateSchedule;
    }

    public double getMomentum() {
        return momentum;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Momentum m && m.learningRate == learningRate && m.momentum == momentum
                && Objects.equals(m.learningRateSchedule, learningRateSchedule);
    }

    @Override
    public int hashCode() {
        return Objects.hash(learningRate, learningRateSchedule, momentum);
    }

    @Override
    public String toString() {
        return "Momentum(learningRate=" + learningRate + ", learningRateSchedule=" + learningRateSchedule
                + ", momentum=" + momentum + ")";
    }
}
