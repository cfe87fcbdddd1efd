package io.augflow.train.retrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.train.eval.ClassificationMetrics;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PromotionRuleTest {
    private static final List<String> TWO = List.of("circle", "square");
    private static final List<String> THREE = List.of("circle", "square", "star");
    private static final PromotionRule DEFAULT = new PromotionRule(PromotionMetric.MACRO_F1, 0.005, 0.05);

    private static ClassificationMetrics metrics(List<String> classes, long[][] confusion) {
        return ClassificationMetrics.of(confusion, classes);
    }

    @Test
    void promotesABetterChallengerThatKeepsEveryRecall() {
        var champion = metrics(TWO, new long[][] {{90, 10}, {10, 90}});
        var challenger = metrics(TWO, new long[][] {{100, 0}, {8, 92}});
        PromotionDecision d = DEFAULT.decide(champion, challenger);

        assertTrue(d.promote(), d.reasons().toString());
        assertEquals(champion.macroF1(), d.championScore());
        assertEquals(challenger.macroF1(), d.challengerScore());
        assertEquals(challenger.macroF1() - champion.macroF1(), d.improvement(), 1e-12);
        assertTrue(d.metricImproved());
        assertTrue(d.classDrops().isEmpty());
        assertEquals(2, d.reasons().size(), "one sentence for the metric, one for the recall check");
        assertTrue(d.reasons().get(0).startsWith("macro-f1 "), d.reasons().get(0));
        assertTrue(d.reasons().get(0).contains(">= min-improvement 0.0050"), d.reasons().get(0));
    }

    @Test
    void rejectsAnOverallGainBoughtWithOneClasssRecall() {
        var champion = metrics(THREE, new long[][] {{80, 20, 0}, {20, 80, 0}, {0, 0, 10}});
        var challenger = metrics(THREE, new long[][] {{100, 0, 0}, {0, 100, 0}, {0, 5, 5}});
        PromotionDecision d = DEFAULT.decide(champion, challenger);

        assertTrue(challenger.macroF1() - champion.macroF1() >= 0.005, "the overall metric did improve");
        assertTrue(d.metricImproved());
        assertFalse(d.promote());
        assertEquals(List.of("star"), d.classDrops().stream().map(PromotionDecision.ClassFigure::name).toList());
        PromotionDecision.ClassFigure star = d.classDrops().get(0);
        assertEquals(champion.perClass(2).recall() - challenger.perClass(2).recall(), star.drop(), 1e-12);
        assertTrue(d.reasons().stream().anyMatch(r -> r.contains("recall of class 'star' drops 1.0000 -> 0.5000")
                && r.contains("> max-recall-drop 0.0500")), d.reasons().toString());
    }

    @Test
    void rejectsWhenTheMetricDoesNotImproveByTheMargin() {
        var champion = metrics(TWO, new long[][] {{90, 10}, {10, 90}});
        PromotionDecision same = DEFAULT.decide(champion, champion);
        assertFalse(same.promote());
        assertEquals(0.0, same.improvement());
        assertTrue(same.reasons().get(0).contains("< min-improvement 0.0050"), same.reasons().get(0));
        assertTrue(same.classDrops().isEmpty(), "equal recalls are not a drop");
    }

    @Test
    void anImprovementOfExactlyTheMarginPassesAndOneImageLessFails() {
        PromotionRule rule = new PromotionRule(PromotionMetric.ACCURACY, 0.01, 1.0);
        var champion = metrics(TWO, new long[][] {{400, 100}, {100, 400}}); // accuracy 0.800
        var exactly = metrics(TWO, new long[][] {{405, 95}, {95, 405}});     // 0.810: +0.01 exactly
        var short1 = metrics(TWO, new long[][] {{405, 95}, {96, 404}});      // 0.809

        assertTrue(rule.decide(champion, exactly).promote(), rule.decide(champion, exactly).reasons().toString());
        PromotionDecision d = rule.decide(champion, short1);
        assertFalse(d.promote());
        assertEquals(0.009, d.improvement(), 1e-12);
    }

    @Test
    void aRecallDropOfExactlyTheLimitIsAllowedAndOneImageMoreIsNot() {
        PromotionRule rule = new PromotionRule(PromotionMetric.ACCURACY, 0.0, 0.05);
        var champion = metrics(TWO, new long[][] {{100, 0}, {20, 80}});
        var dropsFive = metrics(TWO, new long[][] {{95, 5}, {0, 100}});  // circle 1.00 -> 0.95
        var dropsSix = metrics(TWO, new long[][] {{94, 6}, {0, 100}});   // circle 1.00 -> 0.94

        PromotionDecision atLimit = rule.decide(champion, dropsFive);
        assertTrue(atLimit.promote(), atLimit.reasons().toString());
        assertEquals(0.05, atLimit.perClass().get(0).drop(), 1e-12);
        assertTrue(atLimit.reasons().get(1).contains("largest drop: 'circle'"), atLimit.reasons().toString());

        PromotionDecision over = rule.decide(champion, dropsSix);
        assertFalse(over.promote());
        assertEquals(List.of("circle"), over.classDrops().stream().map(PromotionDecision.ClassFigure::name).toList());
    }

    @Test
    void aClassWithoutHoldoutImagesIsNotChecked() {
        var champion = metrics(THREE, new long[][] {{50, 0, 0}, {10, 40, 0}, {0, 0, 0}});
        var challenger = metrics(THREE, new long[][] {{50, 0, 0}, {0, 50, 0}, {0, 0, 0}});
        PromotionDecision d = DEFAULT.decide(champion, challenger);
        assertTrue(d.promote(), d.reasons().toString());
        assertEquals(0, d.perClass().get(2).support());
        assertFalse(d.perClass().get(2).exceeds());
    }

    @ParameterizedTest
    @EnumSource(value = PromotionMetric.class, names = {"MACRO_F1", "ACCURACY", "BALANCED_ACCURACY"})
    void theDecisionFollowsTheRuleOnRandomConfusionMatrices(PromotionMetric metric) {
        for (int seed = 0; seed < 300; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            int n = 2 + rng.nextInt(4);
            List<String> classes = THREE.size() >= n ? THREE.subList(0, n) : List.of("a", "b", "c", "d", "e").subList(0, n);
            long[][] a = new long[n][n];
            long[][] b = new long[n][n];
            for (int actual = 0; actual < n; actual++) {
                int support = rng.nextInt(4) == 0 ? 0 : 1 + rng.nextInt(40);
                spread(a[actual], support, actual, rng);
                spread(b[actual], support, actual, rng);
            }
            double margin = rng.nextInt(3) * 0.01;
            double limit = rng.nextInt(4) * 0.05;
            PromotionRule rule = new PromotionRule(metric, margin, limit);
            var champion = metrics(classes, a);
            var challenger = metrics(classes, b);
            PromotionDecision d = rule.decide(champion, challenger);

            boolean improved = metric.of(challenger) - metric.of(champion) >= margin - PromotionRule.TOLERANCE;
            long drops = 0;
            for (int c = 0; c < n; c++) {
                double drop = champion.perClass(c).recall() - challenger.perClass(c).recall();
                if (champion.perClass(c).support() > 0 && drop > limit + PromotionRule.TOLERANCE) {
                    drops++;
                }
            }
            boolean empty = champion.examples() == 0;
            assertEquals(!empty && improved && drops == 0, d.promote(), "seed " + seed + ": " + d.reasons());
            assertEquals(empty ? 0 : drops, d.classDrops().size(), "seed " + seed);
            assertEquals(empty ? 1 : 1 + (drops == 0 ? 1 : drops), d.reasons().size(), "seed " + seed);
        }
    }

    /** {@code total} images of one actual class, mostly right, the rest spread over the other columns. */
    private static void spread(long[] row, int total, int actual, SplittableRandom rng) {
        for (int i = 0; i < total; i++) {
            row[rng.nextInt(3) > 0 ? actual : rng.nextInt(row.length)]++;
        }
    }

    @Test
    void metricsOfDifferentHoldoutsAreRefused() {
        var champion = metrics(TWO, new long[][] {{90, 10}, {10, 90}});
        var otherClasses = metrics(List.of("circle", "star"), new long[][] {{90, 10}, {10, 90}});
        var otherRows = metrics(TWO, new long[][] {{90, 10}, {10, 91}});
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DEFAULT.decide(champion, otherClasses))
                .getMessage().contains("same classes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DEFAULT.decide(champion, otherRows))
                .getMessage().contains("class 'square' has 100 images for one and 101 for the other"));
    }

    @Test
    void anEmptyHoldoutPromotesNothing() {
        var empty = metrics(TWO, new long[2][2]);
        PromotionDecision d = DEFAULT.decide(empty, empty);
        assertFalse(d.promote());
        assertTrue(d.reasons().get(0).contains("holdout split is empty"));
    }

    @Test
    void badThresholdsNameTheKey() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new PromotionRule(PromotionMetric.ACCURACY, -0.1, 0.05)).getMessage()
                .equals("augflow.retrain.min-improvement must be in [0, 1], got -0.1"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new PromotionRule(PromotionMetric.ACCURACY, 0.1, Double.NaN)).getMessage()
                .startsWith("augflow.retrain.max-recall-drop must be in [0, 1]"));
    }
}
