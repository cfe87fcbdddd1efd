package io.augflow.pipeline.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/** How {@link ClassWeights} weights each class in the loss. */
public enum ClassWeighting {
    /** Every class 1. */
    NONE("none"),
    /** {@code N / (C * n_c)}: the mean weight over images is 1 (scikit-learn's "balanced"). */
    INVERSE_FREQUENCY("inverse-frequency"),
    /** {@code (1 - beta) / (1 - beta^n_c)}, scaled to sum to {@code C} (Cui et al. 2019). */
    EFFECTIVE_NUMBER("effective-number");

    private final String key;

    ClassWeighting(String key) {
        this.key = key;
    }

    @JsonValue
    public String key() {
        return key;
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(ClassWeighting::key).toList();
    }

    @JsonCreator
    public static ClassWeighting fromKey(String value) {
        return parse("class-weights", value);
    }

    public static ClassWeighting parse(String configKey, String value) {
        for (ClassWeighting w : values()) {
            if (w.key.equals(value)) {
                return w;
            }
        }
        throw new IllegalArgumentException(configKey + " must be one of " + keys() + ", got '" + value + "'");
    }
}
