package io.augflow.train.retrain;

import io.augflow.train.detect.eval.CocoMetrics;
import io.augflow.train.eval.ClassificationMetrics;
import io.augflow.train.eval.ClassificationMetrics.PerClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a challenger replaces the champion, from both models' metrics on the same holdout rows. The
 * challenger is promoted only if its {@code metric} beats the champion's by at least {@code minImprovement}
 * <em>and</em> no class's own figure falls by more than {@code maxClassDrop}: an overall gain bought by giving up a
 * (usually rare) class is not a better model for a long-tail dataset. The class figure is the recall for a
 * classifier and the class's AP for a detector ({@link PromotionMetric#classFigure()}).
 *
 * <p>Both thresholds are inclusive (an improvement of exactly the margin passes, a drop of exactly the limit is
 * allowed), compared with a tolerance of {@value #TOLERANCE} so that figures printed equal compare equal despite
 * binary rounding. Classes without holdout images (a classifier) or ground-truth boxes (a detector) are not
 * checked. Pure: no Spark, no I/O.
 *
 * @param metric the figure that must improve; it also says whether the rule compares classifiers or detectors
 * @param minImprovement margin on {@code metric}, in [0, 1]
 * @param maxClassDrop largest allowed fall of any class's figure, in [0, 1] ({@code retrain.max-recall-drop} for a
 *                     classifier, {@code retrain.max-ap-drop} for a detector)
 */
public record PromotionRule(PromotionMetric metric, double minImprovement, double maxClassDrop) {
    /** Differences smaller than this count as equal. */
    public static final double TOLERANCE = 1e-9;

    public PromotionRule {
        if (metric == null) {
            throw new IllegalArgumentException("augflow.retrain.metric must be one of " + PromotionMetric.keys() + ", got null");
        }
        if (!(minImprovement >= 0 && minImprovement <= 1)) {
            throw new IllegalArgumentException("augflow.retrain.min-improvement must be in [0, 1], got " + minImprovement);
        }
        if (!(maxClassDrop >= 0 && maxClassDrop <= 1)) {
            throw new IllegalArgumentException("augflow.retrain." + dropKey(metric) + " must be in [0, 1], got "
                    + maxClassDrop);
        }
    }

    /** The {@code retrain} key of the per-class drop limit that applies with {@code metric}. */
    public static String dropKey(PromotionMetric metric) {
        return metric.forDetectors() ? "max-ap-drop" : "max-recall-drop";
    }

    /**
     * Compares two classifiers.
     *
     * @throws IllegalArgumentException when the two were not scored on the same holdout (other classes, or other
     *         images per class), or when {@code metric} scores detectors
     */
    public PromotionDecision decide(ClassificationMetrics champion, ClassificationMetrics challenger) {
        if (metric.forDetectors()) {
            throw new IllegalArgumentException("augflow.retrain.metric = " + metric.key() + " scores detectors, but"
                    + " the models are classifiers: use one of " + keysFor(false));
        }
        checkSameHoldout(champion.classes(), challenger.classes(),
                c -> champion.perClass(c).support(), c -> challenger.perClass(c).support(), "images");
        List<Figures> classes = new ArrayList<>();
        for (int c = 0; c < champion.perClass().size(); c++) {
            PerClass a = champion.perClass(c);
            classes.add(new Figures(a.name(), a.support(), a.recall(), challenger.perClass(c).recall()));
        }
        return decide(metric.of(champion), metric.of(challenger), challenger.examples() == 0
                ? "the holdout split is empty: there is nothing to compare the models on" : null, classes);
    }

    /**
     * Compares two detectors on their COCO metrics: {@code metric} overall (a figure of -1, pycocotools' "no
     * ground truth counts", is not comparable and refuses the promotion) and the per-class AP.
     *
     * @throws IllegalArgumentException when the two were not scored on the same holdout (other classes, or other
     *         ground-truth boxes per class), or when {@code metric} scores classifiers
     */
    public PromotionDecision decide(CocoMetrics champion, CocoMetrics challenger) {
        if (!metric.forDetectors()) {
            throw new IllegalArgumentException("augflow.retrain.metric = " + metric.key() + " scores classifiers, but"
                    + " the models are detectors: use one of " + keysFor(true));
        }
        List<String> names = champion.perClass().stream().map(CocoMetrics.ClassMetrics::name).toList();
        checkSameHoldout(names, challenger.perClass().stream().map(CocoMetrics.ClassMetrics::name).toList(),
                c -> champion.perClass(c).groundTruths(), c -> challenger.perClass(c).groundTruths(),
                "ground-truth boxes");
        List<Figures> classes = new ArrayList<>();
        long boxes = 0;
        for (int c = 0; c < names.size(); c++) {
            CocoMetrics.ClassMetrics a = champion.perClass(c);
            classes.add(new Figures(a.name(), a.groundTruths(), metric.ofClass(a),
                    metric.ofClass(challenger.perClass(c))));
            boxes += a.groundTruths();
        }
        double before = metric.of(champion);
        double after = metric.of(challenger);
        String refusal = boxes == 0 ? "the holdout split has no ground-truth boxes: there is nothing to compare the"
                + " models on"
                : before < 0 || after < 0 ? metric.key() + " is undefined on the holdout split (no ground truth it"
                        + " counts, e.g. no small objects): the models cannot be compared on it" : null;
        return decide(before, after, refusal, classes);
    }

    /** One class's figure under both models, before the rule looks at it. */
    private record Figures(String name, long support, double champion, double challenger) {}

    /** The rule itself, the same for both kinds of model; {@code refusal} ends it before any check. */
    private PromotionDecision decide(double before, double after, String refusal, List<Figures> classes) {
        double improvement = after - before;
        String figure = metric.classFigure();
        List<String> reasons = new ArrayList<>();
        if (refusal != null) {
            reasons.add(refusal);
            return new PromotionDecision(false, reasons, metric.key(), before, after, improvement, minImprovement,
                    figure, maxClassDrop, List.of());
        }
        boolean improved = improvement >= minImprovement - TOLERANCE;
        reasons.add(String.format(Locale.ROOT, "%s %.4f vs champion %.4f: %+.4f %s min-improvement %.4f",
                metric.key(), after, before, improvement, improved ? ">=" : "<", minImprovement));

        String limit = dropKey(metric);
        List<PromotionDecision.ClassFigure> perClass = new ArrayList<>();
        PromotionDecision.ClassFigure largest = null;
        for (Figures f : classes) {
            double drop = f.champion() - f.challenger();
            boolean exceeds = f.support() > 0 && drop > maxClassDrop + TOLERANCE;
            PromotionDecision.ClassFigure r = new PromotionDecision.ClassFigure(f.name(), f.support(), f.champion(),
                    f.challenger(), drop, exceeds);
            perClass.add(r);
            if (f.support() > 0 && (largest == null || drop > largest.drop())) {
                largest = r;
            }
            if (exceeds) {
                reasons.add(String.format(Locale.ROOT, "%s of class '%s' drops %.4f -> %.4f (-%.4f) > %s %.4f",
                        figure, f.name(), f.champion(), f.challenger(), drop, limit, maxClassDrop));
            }
        }
        boolean kept = perClass.stream().noneMatch(PromotionDecision.ClassFigure::exceeds);
        if (kept && largest != null) {
            reasons.add(largest.drop() > 0
                    ? String.format(Locale.ROOT, "no class's %s drops by more than %s %.4f"
                            + " (largest drop: '%s' %.4f -> %.4f)", figure, limit, maxClassDrop, largest.name(),
                            largest.champion(), largest.challenger())
                    : String.format(Locale.ROOT, "no class's %s drops (%s %.4f)", figure, limit, maxClassDrop));
        }
        return new PromotionDecision(improved && kept, reasons, metric.key(), before, after, improvement,
                minImprovement, figure, maxClassDrop, perClass);
    }

    private static List<String> keysFor(boolean detectors) {
        return java.util.Arrays.stream(PromotionMetric.values()).filter(m -> m.forDetectors() == detectors)
                .map(PromotionMetric::key).toList();
    }

    private static void checkSameHoldout(List<String> champion, List<String> challenger,
            java.util.function.IntToLongFunction championSupport, java.util.function.IntToLongFunction challengerSupport,
            String what) {
        if (!champion.equals(challenger)) {
            throw new IllegalArgumentException("champion and challenger must be scored on the same classes, got "
                    + champion + " and " + challenger);
        }
        for (int c = 0; c < champion.size(); c++) {
            if (championSupport.applyAsLong(c) != challengerSupport.applyAsLong(c)) {
                throw new IllegalArgumentException("champion and challenger must be scored on the same holdout"
                        + " rows, but class '" + champion.get(c) + "' has " + championSupport.applyAsLong(c) + " "
                        + what + " for one and " + challengerSupport.applyAsLong(c) + " for the other");
            }
        }
    }
}
