package io.augflow.train.best;

import io.augflow.train.detect.eval.CocoMetrics;
import io.augflow.train.eval.ClassificationMetrics;
import java.util.Arrays;
import java.util.Locale;

/**
 * The validation metric that ranks a run's epochs ({@code train.best-model.metric}); higher is better for all of
 * them. {@link #AUTO} stands for macro-F1 on a classifier and AP on a detector until {@link #resolve} decides.
 */
public enum SelectionMetric {
    AUTO(false),
    MACRO_F1(false),
    ACCURACY(false),
    BALANCED_ACCURACY(false),
    /** COCO AP over IoU .50:.05:.95. */
    AP(true),
    /** COCO AP at IoU .50. */
    AP50(true);

    private final boolean detection;

    SelectionMetric(boolean detection) {
        this.detection = detection;
    }

    /** The config spelling, e.g. {@code macro-f1}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The metric named {@code key}; {@code what} is the full key named in the error. */
    public static SelectionMetric fromKey(String key, String what) {
        for (SelectionMetric m : values()) {
            if (m.key().equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException(what + " must be one of "
                + Arrays.stream(values()).map(SelectionMetric::key).toList() + ", got '" + key + "'");
    }

    /**
     * The concrete metric for a run of this task: {@code auto} becomes macro-F1 or AP.
     *
     * @param what the full key named in the error
     * @throws IllegalArgumentException for a metric of the other task
     */
    public SelectionMetric resolve(boolean detector, String what) {
        if (this == AUTO) {
            return detector ? AP : MACRO_F1;
        }
        if (detection != detector) {
            throw new IllegalArgumentException(what + " = " + key() + " is a " + (detection ? "detector" : "classifier")
                    + "'s metric but this run trains a " + (detector ? "detector" : "classifier") + ": use auto or one"
                    + " of " + Arrays.stream(values()).filter(m -> m != AUTO && m.detection == detector)
                            .map(SelectionMetric::key).toList());
        }
        return this;
    }

    /** This (classification) metric of {@code m}. */
    public double of(ClassificationMetrics m) {
        return switch (this) {
            case MACRO_F1 -> m.macroF1();
            case ACCURACY -> m.accuracy();
            case BALANCED_ACCURACY -> m.balancedAccuracy();
            default -> throw new IllegalStateException(key() + " is not a classification metric");
        };
    }

    /** This (detection) metric of {@code m}; -1 (COCO's "no ground truth") ranks below any real figure. */
    public double of(CocoMetrics m) {
        return switch (this) {
            case AP -> m.ap();
            case AP50 -> m.ap50();
            default -> throw new IllegalStateException(key() + " is not a detection metric");
        };
    }
}
