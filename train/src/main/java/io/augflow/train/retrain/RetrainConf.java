package io.augflow.train.retrain;

import com.typesafe.config.Config;
import io.augflow.pipeline.dataset.DatasetSchema;
import io.augflow.augment.conf.ConfBlock;
import java.util.List;
import java.util.Optional;

/**
 * The {@code retrain} block: when a retrain is worth running, how the challenger is trained and what it must
 * beat.
 *
 * <pre>
 * retrain {
 *   min-new-rows = 100          # retrain when at least this many rows are new since the champion ...
 *   min-new-share = 0.05        # ... or when the new rows are at least this share of the champion's rows, [0, 1]
 *   epochs = 2                  # challenger training epochs, >= 1
 *   warm-start = true           # start from the champion's weights (same architecture and classes needed)
 *   holdout-split = test        # split both models are scored on, not augmented: train | val | test
 *   metric = macro-f1           # classifiers: macro-f1 | accuracy | balanced-accuracy; detectors: ap | ap50 | ap-small;
 *                               # unset: macro-f1 for a classifier, ap (COCO AP@[.5:.95]) for a detector
 *   min-improvement = 0.005     # the challenger's metric must beat the champion's by at least this, [0, 1]
 *   max-recall-drop = 0.05      # and no class's recall may fall by more than this (classifiers), [0, 1]
 *   max-ap-drop = 0.05          # and no class's AP may fall by more than this (detectors), [0, 1]
 * }
 * </pre>
 *
 * @param metric the configured {@code metric}, empty for the task's default ({@link #promotionRule(boolean)})
 */
public record RetrainConf(long minNewRows, double minNewShare, int epochs, boolean warmStart, String holdoutSplit,
        Optional<PromotionMetric> metric, double minImprovement, double maxRecallDrop, double maxApDrop) {

    public static final String PATH = "retrain";
    private static final List<String> KEYS = List.of("min-new-rows", "min-new-share", "epochs", "warm-start",
            "holdout-split", "metric", "min-improvement", "max-recall-drop", "max-ap-drop");

    public static RetrainConf fromRoot(Config root) {
        return from(ConfBlock.of(root, PATH));
    }

    public static RetrainConf from(ConfBlock b) {
        b.rejectUnknown(KEYS);
        long minNewRows = b.longInteger("min-new-rows", 100);
        b.check(minNewRows >= 0, "min-new-rows", minNewRows, ">= 0");
        double minNewShare = b.number("min-new-share", 0.05);
        b.check(minNewShare >= 0 && minNewShare <= 1, "min-new-share", minNewShare, "in [0, 1]");
        int epochs = b.integer("epochs", 2);
        b.check(epochs >= 1, "epochs", epochs, ">= 1");
        String split = b.string("holdout-split", "test");
        b.check(DatasetSchema.SPLITS.contains(split), "holdout-split", split, "one of " + DatasetSchema.SPLITS);
        String metricKey = b.string("metric", "");
        Optional<PromotionMetric> metric = metricKey.isEmpty() ? Optional.empty()
                : Optional.of(PromotionMetric.fromKey(metricKey, b.key("metric")));
        double minImprovement = b.number("min-improvement", 0.005);
        b.check(minImprovement >= 0 && minImprovement <= 1, "min-improvement", minImprovement, "in [0, 1]");
        double maxRecallDrop = b.number("max-recall-drop", 0.05);
        b.check(maxRecallDrop >= 0 && maxRecallDrop <= 1, "max-recall-drop", maxRecallDrop, "in [0, 1]");
        double maxApDrop = b.number("max-ap-drop", 0.05);
        b.check(maxApDrop >= 0 && maxApDrop <= 1, "max-ap-drop", maxApDrop, "in [0, 1]");
        return new RetrainConf(minNewRows, minNewShare, epochs, b.bool("warm-start", true), split, metric,
                minImprovement, maxRecallDrop, maxApDrop);
    }

    /**
     * The promotion rule these settings describe for a classifier or a detector: the configured metric, or the
     * task's default, with the task's per-class drop limit.
     *
     * @throws IllegalArgumentException when the configured metric belongs to the other task
     */
    public PromotionRule promotionRule(boolean detector) {
        PromotionMetric m = metric.orElse(detector ? PromotionMetric.DETECTOR_DEFAULT
                : PromotionMetric.CLASSIFIER_DEFAULT);
        if (m.forDetectors() != detector) {
            List<String> fitting = java.util.Arrays.stream(PromotionMetric.values())
                    .filter(x -> x.forDetectors() == detector).map(PromotionMetric::key).toList();
            throw new IllegalArgumentException("augflow." + PATH + ".metric = " + m.key() + " scores "
                    + (detector ? "classifiers" : "detectors") + ", but the model is a "
                    + (detector ? "detector" : "classifier") + ": use one of " + fitting + " or leave it unset");
        }
        return new PromotionRule(m, minImprovement, detector ? maxApDrop : maxRecallDrop);
    }
}
