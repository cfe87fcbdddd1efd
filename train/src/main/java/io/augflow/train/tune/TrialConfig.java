package io.augflow.train.tune;

import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values one trial sets: full training key to value, in the search space's order, inactive parameters absent.
 * {@link #toHocon()} renders them as overrides usable with {@code --conf} (the study's {@code best.conf}) and
 * {@link #toSetArguments()} as {@code --set} arguments; in process, {@link #values()} are the overrides themselves.
 */
public record TrialConfig(Map<String, Object> values) {
    public TrialConfig {
        LinkedHashMap<String, Object> normalised = new LinkedHashMap<>();
        values.forEach((k, v) -> normalised.put(k, normalise(v)));
        values = java.util.Collections.unmodifiableMap(normalised);
    }

    /**
     * Whole numbers as {@code Long} and other numbers as {@code Double}, so a configuration read back from the trial
     * log (where JSON gives {@code Integer}) equals the one the strategy proposed.
     */
    private static Object normalise(Object value) {
        if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long
                || value instanceof java.math.BigInteger) {
            return ((Number) value).longValue();
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        return java.util.Objects.requireNonNull(value, "a configuration value");
    }

    /** One {@code key = value} line per parameter; dotted keys are paths, so the file merges into augflow's tree. */
    public String toHocon() {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            out.append(e.getKey()).append(" = ").append(render(e.getValue())).append('\n');
        }
        return out.toString();
    }

    /**
     * The same overrides as {@code key=value} command-line arguments, one per {@code --set}: values unquoted, as the
     * CLI takes the text after {@code =} as the value itself (quoting is the shell's business).
     */
    public java.util.List<String> toSetArguments() {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    private static String render(Object value) {
        // strings quoted as JSON (valid HOCON, and safe for spaces and colons); numbers as HOCON reads them back
        return ConfigValueFactory.fromAnyRef(value).render(ConfigRenderOptions.concise());
    }
}
