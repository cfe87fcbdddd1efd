package io.augflow.train.loss;

import java.util.Arrays;
import java.util.List;

/** The values of {@code loss.type}. */
public enum LossType {
    CROSS_ENTROPY("cross-entropy"),
    WEIGHTED_CROSS_ENTROPY("weighted-cross-entropy"),
    FOCAL("focal"),
    LOGIT_ADJUSTED("logit-adjusted"),
    BALANCED_SOFTMAX("balanced-softmax"),
    LDAM("ldam");

    private final String key;

    LossType(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(LossType::key).toList();
    }

    /** @param where the full config key, for the message */
    public static LossType fromKey(String key, String where) {
        for (LossType t : values()) {
            if (t.key.equals(key)) {
                return t;
            }
        }
        throw new IllegalArgumentException(where + " must be one of " + keys() + ", got " + key);
    }
}
