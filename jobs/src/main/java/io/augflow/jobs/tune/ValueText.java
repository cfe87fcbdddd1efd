package io.augflow.jobs.tune;

import java.util.Locale;

/** How the study page writes a configuration value, a metric and a duration. */
final class ValueText {
    private ValueText() {}

    /**
     * A parameter's value: whole numbers as they are, other numbers with 4 significant digits (a learning rate of
     * 0.00012345 as {@code 0.0001235}, 3e-6 as {@code 3e-06}), text and booleans as they are.
     */
    static String of(Object value) {
        if (value instanceof Long || value instanceof Integer) {
            return value.toString();
        }
        if (value instanceof Number n) {
            return significant(n.doubleValue());
        }
        return String.valueOf(value);
    }

    /** 4 significant digits without trailing zeros. */
    static String significant(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.4g", v);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return e < 0 ? mantissa : mantissa + s.substring(e);
    }

    /** A metric, 4 decimals as the other reports print them. */
    static String metric(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.4f", v);
    }

    /** A duration: seconds to one decimal below two minutes, else minutes and seconds (and hours). */
    static String duration(double seconds) {
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long s = Math.round(seconds);
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }

    /** A searched key without the common {@code augflow.} prefix, for column heads and axes. */
    static String shortKey(String key) {
        return key.startsWith("augflow.") ? key.substring("augflow.".length()) : key;
    }
}
