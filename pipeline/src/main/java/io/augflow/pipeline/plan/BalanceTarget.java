package io.augflow.pipeline.plan;

import com.fasterxml.jackson.annotation.JsonValue;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-class row count a count strategy aims at, from {@code balance.target}. {@code n_c} is the number
 * of rows whose primary class is c ({@link io.augflow.pipeline.stats.ClassStats#primaryImages()}).
 */
public sealed interface BalanceTarget extends Serializable {

    /** {@code max}: the largest class's {@code n_c}. */
    record Largest() implements BalanceTarget {
        @JsonValue
        @Override
        public String toString() {
            return "max";
        }
    }

    /** {@code min}: the smallest non-empty class's {@code n_c}. */
    record Smallest() implements BalanceTarget {
        @JsonValue
        @Override
        public String toString() {
            return "min";
        }
    }

    /**
     * {@code sqrt}: square-root smoothing, {@code T_c = round(s * sqrt(n_c))}, a class's share going as
     * the square root of its size. The scale {@code s} keeps the largest class unchanged when oversampling
     * ({@code sqrt(n_max)}, so {@code T_c = sqrt(n_c * n_max)}), the smallest unchanged when undersampling
     * ({@code sqrt(n_min)}), and the total unchanged for over-under ({@code N / sum_j sqrt(n_j)}).
     */
    record SquareRoot() implements BalanceTarget {
        @JsonValue
        @Override
        public String toString() {
            return "sqrt";
        }
    }

    /** A number: the same count for every class. */
    record Uniform(long count) implements BalanceTarget {
        public Uniform {
            if (count < 0) {
                throw new IllegalArgumentException("balance.target must be >= 0, got " + count);
            }
        }

        @JsonValue
        public long json() {
            return count;
        }
    }

    /** An object {@code { "3" = 500 }}: class id to count; classes not named keep their {@code n_c}. */
    record PerClass(Map<Integer, Long> counts) implements BalanceTarget {
        public PerClass {
            counts = Map.copyOf(new TreeMap<>(counts));
            counts.forEach((c, n) -> {
                if (c < 0 || n < 0) {
                    throw new IllegalArgumentException("balance.target.\"" + c + "\" must be a count >= 0 for a class id"
                            + " >= 0, got " + n);
                }
            });
        }

        @JsonValue
        public Map<Integer, Long> json() {
            return new TreeMap<>(counts);
        }
    }

    /** Parses {@code balance.target}: {@code max}, {@code min}, {@code sqrt}, a count, or a class -> count object. */
    static BalanceTarget parse(String key, ConfigValue value) {
        if (value.valueType() == ConfigValueType.STRING) {
            switch ((String) value.unwrapped()) {
                case "max": return new Largest();
                case "min": return new Smallest();
                case "sqrt": return new SquareRoot();
                default:
                    // a count given as a string (--set balance.target=500, a system property)
                    if (PlanConf.numeric(value) instanceof Number) {
                        return new Uniform(count(key, value));
                    }
                    break;
            }
        } else if (value.valueType() == ConfigValueType.NUMBER) {
            return new Uniform(count(key, value));
        } else if (value.valueType() == ConfigValueType.OBJECT) {
            Map<Integer, Long> counts = new TreeMap<>();
            for (Map.Entry<String, ConfigValue> e : ((ConfigObject) value).entrySet()) {
                String entryKey = key + ".\"" + e.getKey() + "\"";
                int classId;
                try {
                    classId = Integer.parseInt(e.getKey());
                } catch (NumberFormatException nfe) {
                    throw new IllegalArgumentException(entryKey + ": class must be an integer id >= 0, got '"
                            + e.getKey() + "'");
                }
                if (classId < 0) {
                    throw new IllegalArgumentException(entryKey + ": class must be an integer id >= 0, got " + classId);
                }
                counts.put(classId, count(entryKey, e.getValue()));
            }
            return new PerClass(counts);
        }
        throw new IllegalArgumentException(key + " must be max, min, sqrt, a count >= 0 or an object"
                + " { \"<class id>\" = <count> }, got " + value.render());
    }

    private static long count(String key, ConfigValue value) {
        Object raw = PlanConf.numeric(value);
        if (raw instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.doubleValue() >= 0
                && n.doubleValue() < Long.MAX_VALUE) {
            return n.longValue();
        }
        throw new IllegalArgumentException(key + " must be an integer count >= 0, got " + value.render());
    }
}
