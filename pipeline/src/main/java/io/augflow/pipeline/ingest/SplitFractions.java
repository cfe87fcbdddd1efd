package io.augflow.pipeline.ingest;

import io.augflow.pipeline.dataset.DatasetSchema;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code split} setting: the share of each split among rows whose layout names none, e.g.
 * {@code train=0.8,val=0.1,test=0.1}. Names are train, val and test (each at most once; one left out gets 0),
 * fractions are >= 0 and sum to 1 within {@value #SUM_TOLERANCE}. Empty ({@link #NONE}): such rows get
 * {@code default-split}, as before the setting existed.
 *
 * @param fractions by split, in the order train, val, test; only the named ones
 */
public record SplitFractions(Map<String, Double> fractions) implements Serializable {
    public static final double SUM_TOLERANCE = 1e-6;
    public static final SplitFractions NONE = new SplitFractions(Map.of());
    /** The configuration key ({@code augflow.ingest.split}), named in error messages. */
    static final String KEY = "split";

    public SplitFractions {
        check(fractions, fractions.toString());
        Map<String, Double> ordered = new LinkedHashMap<>();
        for (String split : DatasetSchema.SPLITS) {
            if (fractions.containsKey(split)) {
                ordered.put(split, fractions.get(split));
            }
        }
        fractions = java.util.Collections.unmodifiableMap(ordered);
    }

    /**
     * Parses {@code name=fraction,...}; "" (or blank) is {@link #NONE}.
     *
     * @throws IllegalArgumentException naming the key, the value and the rule broken
     */
    public static SplitFractions parse(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        Map<String, Double> fractions = new LinkedHashMap<>();
        for (String part : value.split(",", -1)) {
            String[] nameAndValue = part.split("=", -1);
            if (nameAndValue.length != 2) {
                throw invalid(value, "must be name=fraction pairs separated by commas, e.g. "
                        + "train=0.8,val=0.1,test=0.1; '" + part.trim() + "' is not");
            }
            String name = nameAndValue[0].trim();
            double fraction;
            try {
                fraction = Double.parseDouble(nameAndValue[1].trim());
            } catch (NumberFormatException e) {
                throw invalid(value, "fractions must be numbers; " + name + "'s '" + nameAndValue[1].trim() + "' is not");
            }
            if (fractions.put(name, fraction) != null) {
                throw invalid(value, "names each split once; " + name + " appears twice");
            }
        }
        check(fractions, value);
        return new SplitFractions(fractions);
    }

    private static void check(Map<String, Double> fractions, String value) {
        for (Map.Entry<String, Double> e : fractions.entrySet()) {
            if (!DatasetSchema.SPLITS.contains(e.getKey())) {
                throw invalid(value, "names must be among " + DatasetSchema.SPLITS + "; '" + e.getKey() + "' is not");
            }
            double f = e.getValue();
            if (!(f >= 0) || Double.isInfinite(f)) {
                throw invalid(value, "fractions must be >= 0 and finite; " + e.getKey() + " is " + f);
            }
        }
        double sum = fractions.values().stream().mapToDouble(Double::doubleValue).sum();
        if (!fractions.isEmpty() && Math.abs(sum - 1) > SUM_TOLERANCE) {
            throw invalid(value, "fractions must sum to 1 (within 1e-6); they sum to " + sum);
        }
    }

    private static IllegalArgumentException invalid(String value, String rule) {
        return new IllegalArgumentException(KEY + " '" + value + "': " + rule);
    }

    public boolean isEmpty() {
        return fractions.isEmpty();
    }

    /**
     * The split a uniform draw {@code u} in [0, 1) falls in: train takes [0, f_train), val the next f_val, test the
     * rest. Rounding that leaves u above the last boundary goes to the last split with a positive fraction.
     */
    public String pick(double u) {
        double upTo = 0;
        String last = null;
        for (Map.Entry<String, Double> e : fractions.entrySet()) {
            if (e.getValue() <= 0) {
                continue;
            }
            upTo += e.getValue();
            last = e.getKey();
            if (u < upTo) {
                return last;
            }
        }
        if (last == null) {
            throw new IllegalStateException("no split has a positive fraction: " + this);
        }
        return last;
    }

    /** The setting as written in configuration: {@code train=0.8,val=0.1,test=0.1}; "" for {@link #NONE}. */
    @Override
    public String toString() {
        return fractions.entrySet().stream().map(e -> e.getKey() + "=" + format(e.getValue()))
                .collect(Collectors.joining(","));
    }

    private static String format(double v) {
        String s = Double.toString(v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
