package io.augflow.train.optim;

import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The two Adam moments {@code m}, {@code v} of {@link AdamWUpdater} and {@link AdaBoundUpdater}, kept as views of
 * DL4J's updater state array (first half {@code m}, second half {@code v}, as DL4J's Adam lays them out), so that
 * what DL4J saves in the model zip and Spark parameter averaging averages is this state.
 */
final class MomentState {
    static final String M_STATE = "M";
    static final String V_STATE = "V";

    private final String owner;
    private INDArray m;
    private INDArray v;

    MomentState(String owner) {
        this.owner = owner;
    }

    void setState(Map<String, INDArray> stateMap, boolean initialize) {
        if (stateMap == null || stateMap.size() != 2 || !stateMap.containsKey(M_STATE)
                || !stateMap.containsKey(V_STATE)) {
            throw new IllegalStateException(owner + " updater state must hold exactly keys [" + M_STATE + ", "
                    + V_STATE + "], got " + (stateMap == null ? "no map" : stateMap.keySet()));
        }
        m = stateMap.get(M_STATE).reshape(stateMap.get(M_STATE).length());
        v = stateMap.get(V_STATE).reshape(stateMap.get(V_STATE).length());
        if (initialize) {
            m.assign(0);
            v.assign(0);
        }
    }

    Map<String, INDArray> getState() {
        return Map.of(M_STATE, m, V_STATE, v);
    }

    void setStateViewArray(INDArray viewArray, boolean initialize) {
        if (!viewArray.isRowVectorOrScalar() || viewArray.length() % 2 != 0) {
            throw new IllegalArgumentException(owner + " state view must be a row vector of even length, got shape "
                    + Arrays.toString(viewArray.shape()));
        }
        if (initialize) {
            viewArray.assign(0);
        }
        INDArray flat = viewArray.reshape(viewArray.length());
        long half = flat.length() / 2;
        m = flat.get(NDArrayIndex.interval(0, half));
        v = flat.get(NDArrayIndex.interval(half, flat.length()));
    }

    INDArray m() {
        requireState();
        return m;
    }

    INDArray v() {
        requireState();
        return v;
    }

    /** {@code m <- beta1 m + (1 - beta1) g; v <- beta2 v + (1 - beta2) g^2}, in place in the state view. */
    void update(INDArray gradient, double beta1, double beta2) {
        requireState();
        if (gradient.length() != m.length()) {
            throw new IllegalArgumentException(owner + " gradient has " + gradient.length()
                    + " values, the state holds " + m.length());
        }
        INDArray g = gradient.reshape(m.length());
        m.muli(beta1).addi(g.mul(1 - beta1));
        v.muli(beta2).addi(g.mul(g).muli(1 - beta2));
    }

    private void requireState() {
        if (m == null || v == null) {
            throw new IllegalStateException(owner + " updater used before its state was set");
        }
    }
}
