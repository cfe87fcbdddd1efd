package io.augflow.augment.transform;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Typed, validated access to one transform's block of configuration. Every error names the transform,
 * the key, the value and the rule, e.g. {@code "rotate.limit must be in [0, 180], got 270"}.
 */
public final class TransformConfig {
    private final String transformName;
    private final Config config;

    public TransformConfig(String transformName, Config config) {
        this.transformName = transformName;
        this.config = config;
    }

    public String transformName() {
        return transformName;
    }

    public Config raw() {
        return config;
    }

    /** Probability {@code p}, default 0.5 as in Albumentations. */
    public double p() {
        return doubleIn("p", 0.5, 0.0, 1.0);
    }

    public boolean has(String key) {
        return config.hasPath(key);
    }

    public double doubleIn(String key, double defaultValue, double min, double max) {
        double value = has(key) ? number(key) : defaultValue;
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(
                    transformName + "." + key + " must be in [" + fmt(min) + ", " + fmt(max) + "], got " + fmt(value));
        }
        return value;
    }

    public int intIn(String key, int defaultValue, int min, int max) {
        double value = has(key) ? number(key) : defaultValue;
        if (value != Math.rint(value) || value < min || value > max) {
            throw new IllegalArgumentException(
                    transformName + "." + key + " must be an integer in [" + min + ", " + max + "], got " + fmt(value));
        }
        return (int) value;
    }

    public boolean bool(String key, boolean defaultValue) {
        if (!has(key)) {
            return defaultValue;
        }
        try {
            return config.getBoolean(key);
        } catch (ConfigException.WrongType e) {
            throw new IllegalArgumentException(transformName + "." + key + " must be true or false, got "
                    + config.getValue(key).render(), e);
        }
    }

    /**
     * A range {@code [lo, hi]}: either a two-element list or a single number {@code v} meaning
     * {@code [-v, v]} (symmetric) or {@code [v, v]} when {@code symmetric} is false.
     */
    public double[] range(String key, double[] defaultValue, double min, double max, boolean symmetric) {
        double[] r;
        if (!has(key)) {
            r = defaultValue.clone();
        } else if (config.getValue(key).valueType() == ConfigValueType.LIST) {
            List<Double> list = numbers(key);
            if (list.size() != 2) {
                throw new IllegalArgumentException(
                        transformName + "." + key + " must be a number or a [low, high] pair, got " + list);
            }
            r = new double[] {list.get(0), list.get(1)};
        } else {
            double v = number(key);
            r = symmetric ? new double[] {-v, v} : new double[] {v, v};
        }
        if (r[0] > r[1] || r[0] < min || r[1] > max) {
            throw new IllegalArgumentException(transformName + "." + key + " must be a range within ["
                    + fmt(min) + ", " + fmt(max) + "] with low <= high, got [" + fmt(r[0]) + ", " + fmt(r[1]) + "]");
        }
        return r;
    }

    public List<Double> numbers(String key) {
        try {
            return config.getDoubleList(key);
        } catch (ConfigException.WrongType e) {
            throw new IllegalArgumentException(
                    transformName + "." + key + " must be a list of numbers, got " + config.getValue(key).render(), e);
        }
    }

    /** One of {@code allowed} (case-insensitive, '_' and '-' equal); returns the lower-case dashed form. */
    public String choice(String key, String defaultValue, Set<String> allowed) {
        String value = has(key) ? config.getString(key) : defaultValue;
        String normal = value.toLowerCase(Locale.ROOT).replace('_', '-');
        if (!allowed.contains(normal)) {
            throw new IllegalArgumentException(
                    transformName + "." + key + " must be one of " + allowed + ", got '" + value + "'");
        }
        return normal;
    }

    public String string(String key, String defaultValue) {
        return has(key) ? config.getString(key) : defaultValue;
    }

    private double number(String key) {
        try {
            return config.getDouble(key);
        } catch (ConfigException.WrongType e) {
            throw new IllegalArgumentException(
                    transformName + "." + key + " must be a number, got " + config.getValue(key).render(), e);
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
