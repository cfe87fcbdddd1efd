package io.augflow.train.optim;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The Adam term of {@link AdamW}: with {@code t = iteration + 1}, {@code m <- beta1 m + (1 - beta1) g},
 * {@code v <- beta2 v + (1 - beta2) g^2}, then the gradient array is overwritten with the step
 * {@code lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + epsilon)}, which DL4J subtracts from the parameters.
 * The decoupled decay is added after this by DL4J ({@link AdamW#decoupledWeightDecay()}).
 */
public final class AdamWUpdater implements GradientUpdater<AdamW> {
    /** Keys of the first and second moments in the updater state map (the names DL4J's Adam uses). */
    public static final String M_STATE = MomentState.M_STATE;
    public static final String V_STATE = MomentState.V_STATE;

    private final AdamW config;
    private final MomentState moments = new MomentState("adamw");

    public AdamWUpdater(AdamW config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public AdamW getConfig() {
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
        double bc1 = 1 - Math.pow(config.getBeta1(), t);
        double bc2 = 1 - Math.pow(config.getBeta2(), t);
        INDArray denom = Transforms.sqrt(v.div(bc2), false).addi(config.getEpsilon());
        INDArray step = m.div(bc1).divi(denom).muli(lr);
        gradient.assign(step.reshape(gradient.shape()));
    }
}
