package io.augflow.train.optim;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The arithmetic of {@link AdaBound}: the moments are updated, the per-parameter rate
 * {@code lr * sqrt(1 - beta2^t) / (1 - beta1^t) / (sqrt(v) + epsilon)} is clipped into
 * {@code [lower(t), upper(t)]}, and the gradient array is overwritten with the step {@code rate * m}, which DL4J
 * subtracts from the parameters.
 */
public final class AdaBoundUpdater implements GradientUpdater<AdaBound> {
    public static final String M_STATE = MomentState.M_STATE;
    public static final String V_STATE = MomentState.V_STATE;

    private final AdaBound config;
    private final MomentState moments = new MomentState("adabound");

    public AdaBoundUpdater(AdaBound config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** {@code final * (1 - 1 / (gamma * t + 1))} with {@code t = iteration + 1}. */
    public static double lowerBound(double target, double gamma, int iteration) {
        int t = iteration + 1;
        return target * (1 - 1 / (gamma * t + 1));
    }

    /** {@code final * (1 + 1 / (gamma * t))} with {@code t = iteration + 1}. */
    public static double upperBound(double target, double gamma, int iteration) {
        int t = iteration + 1;
        return target * (1 + 1 / (gamma * t));
    }

    @Override
    public AdaBound getConfig() {
        return config;
    }

    @Override
    public void setState(Map<String, INDArray> stateMap, boolean initialize) {
        moments.setState(stateMap, initialize);
    }

    @Override
    public Map<String, INDArray> getState() {
        return moments.getState();
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        moments.setStateViewArray(viewArray, initialize);
    }

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        double lr = config.getLearningRate(iteration, epoch);
        int t = iteration + 1;
        INDArray m = moments.m();
        INDArray v = moments.v();
        moments.update(gradient, config.getBeta1(), config.getBeta2());
        double stepSize = lr * Math.sqrt(1 - Math.pow(config.getBeta2(), t)) / (1 - Math.pow(config.getBeta1(), t));
        double target = config.boundTarget(iteration, epoch);
        double lower = lowerBound(target, config.getGamma(), iteration);
        double upper = upperBound(target, config.getGamma(), iteration);
        INDArray rate = Transforms.sqrt(v, true).addi(config.getEpsilon()).rdivi(stepSize);
        rate = Transforms.min(Transforms.max(rate, lower, false), upper, false);
        gradient.assign(rate.muli(m).reshape(gradient.shape()));
    }
}
