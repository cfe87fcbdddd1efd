package io.augflow.train.optim;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * What augflow's own {@link IUpdater}s share: a learning rate with an optional schedule, which DL4J may replace
 * through {@link #setLrAndSchedule} (the only reason these configurations are mutable), and the two ways DL4J asks
 * for the arithmetic, on a flat state view or on a named state map. A subclass adds its hyper-parameters and names
 * its {@link GradientUpdater}.
 *
 * @param <T> the concrete configuration, so {@link #instantiate} returns a typed updater
 */
public abstract class ScheduledLearningRate<T extends ScheduledLearningRate<T>> implements IUpdater {
    private static final long serialVersionUID = 1L;

    private double learningRate;
    private ISchedule learningRateSchedule;

    protected ScheduledLearningRate(double learningRate, ISchedule learningRateSchedule) {
        this.learningRate = learningRate;
        this.learningRateSchedule = learningRateSchedule;
    }

    /** A fresh updater doing this configuration's arithmetic, its state not yet attached. */
    protected abstract GradientUpdater<T> newUpdater();

    @Override
    public GradientUpdater<T> instantiate(INDArray viewArray, boolean initializeViewArray) {
        GradientUpdater<T> u = newUpdater();
        u.setStateViewArray(viewArray, viewArray.shape(), viewArray.ordering(), initializeViewArray);
        return u;
    }

    @Override
    public GradientUpdater<T> instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        GradientUpdater<T> u = newUpdater();
        u.setState(updaterState, initializeStateArrays);
        return u;
    }

    @Override
    public abstract T clone();

    /** The schedule, cloned (schedules may keep state), for {@link #clone()}; null for a fixed rate. */
    protected ISchedule clonedSchedule() {
        return learningRateSchedule == null ? null : learningRateSchedule.clone();
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

    /** Whether {@code other} has the same fixed rate and an equal schedule, for a subclass's {@code equals}. */
    protected boolean sameLearningRate(ScheduledLearningRate<?> other) {
        return other.learningRate == learningRate && Objects.equals(other.learningRateSchedule, learningRateSchedule);
    }

    public double getLearningRate() {
        return learningRate;
    }

    public ISchedule getLearningRateSchedule() {
        return learningRateSchedule;
    }
}
