package io.augflow.train.ensemble;

import java.util.Arrays;
import java.util.Locale;

/** How an ensemble combines its members ({@code --combine}). */
public enum CombineMethod {
    /** Hard voting: the class most members predict. */
    VOTE("vote"),
    /** Soft averaging: the mean of the members' probabilities. */
    AVERAGE("average"),
    /** A weighted mean of the members' probabilities, weights fitted on the validation split. */
    WEIGHTED("weighted"),
    /** A softmax regression on the members' probabilities, cross-fitted on the validation split. */
    STACKING("stacking"),
    /** Detectors: every member's boxes pooled and merged by per-class NMS ({@link BoxEnsemble}). */
    NMS("nms");

    private final String key;

    CombineMethod(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** True when the method learns from the validation labels (its validation figures are then out-of-fold). */
    public boolean fitted() {
        return this == WEIGHTED || this == STACKING;
    }

    /** True for the method that combines detectors; the others combine classifiers. */
    public boolean forDetectors() {
        return this == NMS;
    }

    /** @param name the option or key the value came from, for the message */
    public static CombineMethod fromKey(String value, String name) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        for (CombineMethod m : values()) {
            if (m.key.equals(v)) {
                return m;
            }
        }
        throw new IllegalArgumentException(name + " must be one of "
                + Arrays.stream(values()).map(CombineMethod::key).toList() + ", got \"" + value + "\"");
    }
}
