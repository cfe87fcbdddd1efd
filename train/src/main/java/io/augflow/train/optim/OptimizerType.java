package io.augflow.train.optim;

import java.util.Arrays;
import java.util.List;

/**
 * The values of {@code optimizer.type}, with the epsilon DL4J uses by default for each (for adamw and adabound,
 * written here, the 1e-8 of Adam and of their papers' code).
 */
public enum OptimizerType {
    SGD("sgd", Double.NaN),
    MOMENTUM("momentum", Double.NaN),
    NESTEROV("nesterov", Double.NaN),
    ADAGRAD("adagrad", 1e-6),
    ADADELTA("adadelta", 1e-6),
    RMSPROP("rmsprop", 1e-8),
    ADAM("adam", 1e-8),
    ADAMAX("adamax", 1e-8),
    NADAM("nadam", 1e-8),
    AMSGRAD("amsgrad", 1e-8),
    ADAMW("adamw", 1e-8),
    ADABOUND("adabound", 1e-8);

    private final String key;
    private final double defaultEpsilon;

    OptimizerType(String key, double defaultEpsilon) {
        this.key = key;
        this.defaultEpsilon = defaultEpsilon;
    }

    /** The name used in configuration. */
    public String key() {
        return key;
    }

    /** DL4J's default epsilon for this optimiser; NaN for those that have none (sgd, momentum, nesterov). */
    public double defaultEpsilon() {
        return defaultEpsilon;
    }

    public boolean usesEpsilon() {
        return !Double.isNaN(defaultEpsilon);
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(OptimizerType::key).toList();
    }

    /** @param where the full config key, for the message */
    public static OptimizerType fromKey(String key, String where) {
        for (OptimizerType t : values()) {
            if (t.key.equals(key)) {
                return t;
            }
        }
        throw new IllegalArgumentException(where + " must be one of " + keys() + ", got " + key);
    }
}
