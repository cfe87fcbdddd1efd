package io.augflow.train.retrain;

import io.augflow.train.detect.eval.CocoMetrics;
import io.augflow.train.eval.ClassificationMetrics;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The values of {@code retrain.metric}: which overall figure a challenger must improve. The first three score
 * classifiers ({@link ClassificationMetrics}), the {@code ap} ones detectors ({@link CocoMetrics}); each also says
 * which per-class figure may not drop by more than the limit.
 */
public enum PromotionMetric {
    /** Mean F1 over the classes present: every class counts the same, so a rare class cannot be sacrificed. */
    MACRO_F1("macro-f1", ClassificationMetrics::macroF1, null, null),
    /** Share of holdout images classified right: dominated by the common classes on imbalanced data. */
    ACCURACY("accuracy", ClassificationMetrics::accuracy, null, null),
    /** Mean recall over the classes present. */
    BALANCED_ACCURACY("balanced-accuracy", ClassificationMetrics::balancedAccuracy, null, null),
    /** COCO AP averaged over IoU .50:.05:.95, the mean over classes; per class, the class's AP. */
    AP("ap", null, CocoMetrics::ap, CocoMetrics.ClassMetrics::ap),
    /** COCO AP at IoU .50 (PASCAL VOC's looser match); per class, the class's AP at .50. */
    AP50("ap50", null, CocoMetrics::ap50, CocoMetrics.ClassMetrics::ap50),
    /** COCO AP of small objects (area below 32x32 pixels); per class, the class's AP over all sizes. */
    AP_SMALL("ap-small", null, CocoMetrics::apSmall, CocoMetrics.ClassMetrics::ap);

    /** The metric a detector's challenger is judged on when {@code retrain.metric} is not set. */
    public static final PromotionMetric DETECTOR_DEFAULT = AP;
    /** The metric a classifier's challenger is judged on when {@code retrain.metric} is not set. */
    public static final PromotionMetric CLASSIFIER_DEFAULT = MACRO_F1;

    private final String key;
    private final ToDoubleFunction<ClassificationMetrics> classification;
    private final ToDoubleFunction<CocoMetrics> detection;
    private final ToDoubleFunction<CocoMetrics.ClassMetrics> detectionPerClass;

    PromotionMetric(String key, ToDoubleFunction<ClassificationMetrics> classification,
            ToDoubleFunction<CocoMetrics> detection, ToDoubleFunction<CocoMetrics.ClassMetrics> detectionPerClass) {
        this.key = key;
        this.classification = classification;
        this.detection = detection;
        this.detectionPerClass = detectionPerClass;
    }

    public String key() {
        return key;
    }

    /** True for the metrics of a detector (COCO AP), false for a classifier's. */
    public boolean forDetectors() {
        return detection != null;
    }

    /** The name of the per-class figure checked against the drop limit: {@code recall}, or the detector's AP. */
    public String classFigure() {
        return this == AP50 ? "AP50" : forDetectors() ? "AP" : "recall";
    }

    /** @throws IllegalStateException for a detector's metric */
    public double of(ClassificationMetrics metrics) {
        if (classification == null) {
            throw new IllegalStateException(key + " scores detectors, not classification metrics");
        }
        return classification.applyAsDouble(metrics);
    }

    /** @throws IllegalStateException for a classifier's metric */
    public double of(CocoMetrics metrics) {
        if (detection == null) {
            throw new IllegalStateException(key + " scores classifiers, not COCO metrics");
        }
        return detection.applyAsDouble(metrics);
    }

    /** The per-class figure of a detector's class ({@link #classFigure()}). */
    public double ofClass(CocoMetrics.ClassMetrics metrics) {
        if (detectionPerClass == null) {
            throw new IllegalStateException(key + " scores classifiers, not COCO metrics");
        }
        return detectionPerClass.applyAsDouble(metrics);
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
