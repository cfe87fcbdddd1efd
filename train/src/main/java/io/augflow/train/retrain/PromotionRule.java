package io.augflow.train.retrain;

import io.augflow.train.eval.ClassificationMetrics;
import io.augflow.train.eval.ClassificationMetrics.PerClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a challenger replaces the champion, from both models' metrics on the same holdout rows. The
 * challenger is promoted only if its {@code metric} beats the champion's by at least {@code minImprovement}
 * <em>and</em> no class's recall falls by more than {@code maxRecallDrop}: an overall gain bought by giving up a
 * (usually rare) class is not a better model for a long-tail dataset.
 *
 * <p>Both thresholds are inclusive (an improvement of exactly the margin passes, a drop of exactly the limit is
 * allowed), compared with a tolerance of {@value #TOLERANCE} so that figures printed equal compare equal despite
 * binary rounding. Classes without holdout images are not checked. Pure: no Spark, no I/O.
 *
 * @param metric the figure that must improve
 * @param minImprovement margin on {@code metric}, in [0, 1]
 * @param maxRecallDrop largest allowed fall of any class's recall, in [0, 1]
 */
public record PromotionRule(PromotionMetric metric, double minImprovement, double maxRecallDrop) {
    /** Differences smaller than this count as equal. */
    public static final double TOLERANCE = 1e-9;

    public PromotionRule {
        if (metric == null) {
            throw new IllegalArgumentException("augflow.retrain.metric must be one of " + PromotionMetric.keys() + ", got null");
        }
        if (!(minImprovement >= 0 && minImprovement <= 1)) {
            throw new IllegalArgumentException("augflow.retrain.min-improvement must be in [0, 1], got " + minImprovement);
        }
        if (!(maxRecallDrop >= 0 && maxRecallDrop <= 1)) {
            throw new IllegalArgumentException("augflow.retrain.max-recall-drop must be in [0, 1], got " + maxRecallDrop);
        }
    }

    /**
     * @throws IllegalArgumentException when the two were not scored on the same holdout (other classes, or other
     *         images per class)
     */
    public PromotionDecision decide(ClassificationMetrics champion, ClassificationMetrics challenger) {
        checkSameHoldout(champion, challenger);
        double before = metric.of(champion);
        double after = metric.of(challenger);
        double improvement = after - before;
        List<String> reasons = new ArrayList<>();
        if (challenger.examples() == 0) {
            reasons.add("the holdout split is empty: there is nothing to compare the models on");
            return new PromotionDecision(false, reasons, metric.key(), before, after, improvement, minImprovement,
                    maxRecallDrop, List.of());
        }
        boolean improved = improvement >= minImprovement - TOLERANCE;
        reasons.add(String.format(Locale.ROOT, "%s %.4f vs champion %.4f: %+.4f %s min-improvement %.4f",
                metric.key(), after, before, improvement, improved ? ">=" : "<", minImprovement));

        List<PromotionDecision.ClassRecall> recalls = new ArrayList<>();
        PromotionDecision.ClassRecall largest = null;
        for (int c = 0; c < champion.perClass().size(); c++) {
            PerClass a = champion.perClass(c);
            PerClass b = challenger.perClass(c);
            double drop = a.recall() - b.recall();
            boolean exceeds = a.support() > 0 && drop > maxRecallDrop + TOLERANCE;
            PromotionDecision.ClassRecall r = new PromotionDecision.ClassRecall(a.name(), a.support(), a.recall(),
                    b.recall(), drop, exceeds);
            recalls.add(r);
            if (a.support() > 0 && (largest == null || drop > largest.drop())) {
                largest = r;
            }
            if (exceeds) {
                reasons.add(String.format(Locale.ROOT,
                        "recall of class '%s' drops %.4f -> %.4f (-%.4f) > max-recall-drop %.4f",
                        a.name(), a.recall(), b.recall(), drop, maxRecallDrop));
            }
        }
        boolean recallKept = recalls.stream().noneMatch(PromotionDecision.ClassRecall::exceeds);
        if (recallKept && largest != null) {
            reasons.add(largest.drop() > 0
                    ? String.format(Locale.ROOT, "no class's recall drops by more than max-recall-drop %.4f"
                            + " (largest drop: '%s' %.4f -> %.4f)", maxRecallDrop, largest.name(),
                            largest.champion(), largest.challenger())
                    : String.format(Locale.ROOT, "no class's recall drops (max-recall-drop %.4f)", maxRecallDrop));
        }
        return new PromotionDecision(improved && recallKept, reasons, metric.key(), before, after, improvement,
                minImprovement, maxRecallDrop, recalls);
    }

    private static void checkSameHoldout(ClassificationMetrics champion, ClassificationMetrics challenger) {
        if (!champion.classes().equals(challenger.classes())) {
            throw new IllegalArgumentException("champion and challenger must be scored on the same classes, got "
                    + champion.classes() + " and " + challenger.classes());
        }
        for (int c = 0; c < champion.classes().size(); c++) {
            if (champion.perClass(c).support() != challenger.perClass(c).support()) {
                throw new IllegalArgumentException("champion and challenger must be scored on the same holdout"
                        + " rows, but class '" + champion.classes().get(c) + "' has " + champion.perClass(c).support()
                        + " images for one and " + challenger.perClass(c).support() + " for the other");
            }
        }
    }
}
