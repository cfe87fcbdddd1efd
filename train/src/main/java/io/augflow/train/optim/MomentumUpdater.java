package io.augflow.train.optim;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * The arithmetic of {@link Momentum}: {@code v <- mu * v + g}, then the gradient array is overwritten with
 * the step {@code lr * v}, which DL4J subtracts from the parameters.
 */
public final class MomentumUpdater implements GradientUpdater<Momentum> {
    /** Key of the velocity in the updater state map. */
    public static final String V_STATE = "V";

    private final Momentum config;
    private INDArray v;

    public MomentumUpdater(Momentum config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public Momentum getConfig() {
        return config;
    }

    @Override
    public void setState(Map<String, INDArray> stateMap, boolean initialize) {
        if (stateMap == null || !stateMap.containsKey(V_STATE) || stateMap.size() != 1) {
            throw new IllegalStateException("momentum updater state must hold exactly key " + V_STATE + ", got "
                    + (stateMap == null ? "no map" : stateMap.keySet()));
        }
        v = stateMap.get(V_STATE);
        if (initialize) {
            v.assign(0);
        }
    }

    @Override
    public Map<String, INDArray> getState() {
        return Map.of(V_STATE, v);
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        if (!viewArray.isRowVectorOrScalar()) {
            throw new IllegalArgumentException("momentum state view must be a row vector, got shape "
                    + java.util.Arrays.toString(viewArray.shape()));
        }
        if (initialize) {
            viewArray.assign(0);
        }
        // The state must stay a view of DL4J's updater array (that is what gets saved and averaged).
        v = Shape.newShapeNoCopy(viewArray, gradientShape, gradientOrder == 'f');
        if (v == null) {
            throw new IllegalStateException("cannot view the momentum state as gradient shape "
                    + java.util.Arrays.toString(gradientShape) + " order " + gradientOrder);
        }
    }

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        if (v == null) {
            throw new IllegalStateException("momentum updater used before its state was set");
        }
        double lr = config.getLearningRate(iteration, epoch);
        v.muli(config.getMomentum()).addi(gradient);
        gradient.assign(v).muli(lr);
    }
}
