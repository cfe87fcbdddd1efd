package io.augflow.train.tune;

import java.util.Map;
import java.util.Objects;

/**
 * One searched training key ({@code augflow.optimizer.learning-rate}), its distribution, and the condition under
 * which it exists: every key of {@code when} must have been given the listed value (momentum only when
 * {@code augflow.optimizer.type = sgd}). An empty {@code when} means always.
 */
public record Parameter(String key, Distribution distribution, Map<String, Object> when) {
    public Parameter {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(distribution, "distribution");
        when = Map.copyOf(when);
    }

    /** Whether this parameter exists given the values already chosen (its condition keys come first). */
    public boolean activeGiven(Map<String, Object> chosen) {
        for (Map.Entry<String, Object> c : when.entrySet()) {
            Object value = chosen.get(c.getKey());
            if (value == null || !Distribution.Choice.sameValue(value, c.getValue())) {
                return false;
            }
        }
        return true;
    }
}
