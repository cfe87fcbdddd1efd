package io.augflow.train.retrain;

import io.augflow.train.eval.ClassificationMetrics;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The values of {@code retrain.metric}: which overall figure a challenger must improve. */
public enum PromotionMetric {
    /** Mean F1 over the classes present: every class counts the same, so a rare class cannot be sacrificed. */
    MACRO_F1("macro-f1", ClassificationMetrics::macroF1),
    /** Share of holdout images classified right: dominated by the common classes on imbalanced data. */
    ACCURACY("accuracy", ClassificationMetrics::accuracy),
    /** Mean recall over the classes present. */
    BALANCED_ACCURACY("balanced-accuracy", ClassificationMetrics::balancedAccuracy);

    private final String key;
    private final ToDoubleFunction<ClassificationMetrics> value;

    PromotionMetric(String key, ToDoubleFunction<ClassificationMetrics> value) {
        this.key = key;
        this.value = value;
    }

    public String key() {
        return key;
    }

    public double of(ClassificationMetrics metrics) {
        return value.applyAsDouble(metrics);
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(PromotionMetric::key).toList();
    }

    /** @param where the full config key, for the message */
    public static PromotionMetric fromKey(String key, String where) {
        for (PromotionMetric m : values()) {
            if (m.key.equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException(where + " must be one of " + keys() + ", got " + key);
    }
}
