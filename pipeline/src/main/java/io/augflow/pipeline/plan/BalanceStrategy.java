package io.augflow.pipeline.plan;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/** How a {@link SamplingPlan} decides how many times each row is used in an epoch. */
public enum BalanceStrategy {
    /** Every row once. */
    NONE("none", false),
    /** Classes below their target get exactly the target by repeating rows; none is reduced. */
    OVERSAMPLE("oversample", true),
    /** Classes above their target keep exactly the target rows; none is repeated. */
    UNDERSAMPLE("undersample", true),
    /** Every class gets exactly its target: repeated when below, reduced when above. */
    OVER_UNDER("over-under", true),
    /** LVIS repeat-factor sampling (Gupta et al. 2019), stochastic rounding redrawn per epoch. */
    REPEAT_FACTOR("repeat-factor", false),
    /** Rows with a small object are used {@code small-object-repeat} times (Kisantal et al. 2019). */
    SMALL_OBJECT("small-object", false);

    private final String key;
    private final boolean exact;

    BalanceStrategy(String key, boolean exact) {
        this.key = key;
        this.exact = exact;
    }

    @JsonValue
    public String key() {
        return key;
    }

    /** True for class-count targets, whose totals are exact and need a per-epoch ranking of each class's rows. */
    public boolean exact() {
        return exact;
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(BalanceStrategy::key).toList();
    }

    /** How the configuration names {@code strategies}: the key of one, {@code [a, b]} for several. */
    public static String keyOf(List<BalanceStrategy> strategies) {
        List<String> keys = strategies.stream().map(BalanceStrategy::key).toList();
        return keys.size() == 1 ? keys.get(0) : "[" + String.join(", ", keys) + "]";
    }

    public static BalanceStrategy parse(String configKey, String value) {
        for (BalanceStrategy s : values()) {
            if (s.key.equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException(configKey + " must be one of " + keys() + ", got '" + value + "'");
    }
}
