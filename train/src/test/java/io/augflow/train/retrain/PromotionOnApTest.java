package io.augflow.train.retrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.train.detect.eval.CocoMetrics;
import io.augflow.train.eval.ClassificationMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The promotion rule on detectors' COCO metrics: the overall AP must improve by the margin and no class's AP may
 * fall by more than {@code max-ap-drop}. Every figure below is written by hand; overall AP is the mean of the class
 * APs, as COCO computes it.
 */
class PromotionOnApTest {
    private static final List<String> TWO = List.of("circle", "square");
    private static final List<String> THREE = List.of("circle", "square", "star");
    private static final PromotionRule AP = new PromotionRule(PromotionMetric.AP, 0.005, 0.05);

    /** COCO metrics with overall {@code ap}, {@code ap50} and {@code apSmall}, and per class (boxes, AP, AP50). */
    private static CocoMetrics coco(double ap, double ap50, double apSmall, List<String> names, int[] boxes,
            double[] classAp, double[] classAp50) {
        List<CocoMetrics.ClassMetrics> perClass = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            perClass.add(new CocoMetrics.ClassMetrics(c, names.get(c), boxes[c], classAp[c], classAp50[c], 0.5,
                    List.of()));
        }
        return new CocoMetrics(ap, ap50, 0.3, apSmall, 0.3, 0.3, 0.2, 0.4, 0.5, 0.3, 0.4, 0.5, perClass);
    }

    private static CocoMetrics coco(double ap, List<String> names, int[] boxes, double... classAp) {
        return coco(ap, 0.6, 0.2, names, boxes, classAp, classAp);
    }

    @Test
    void aBetterApWithEveryClassKeptIsPromoted() {
        var champion = coco(0.35, TWO, new int[] {20, 30}, 0.40, 0.30);
        var challenger = coco(0.39, TWO, new int[] {20, 30}, 0.45, 0.33);
        PromotionDecision d = AP.decide(champion, challenger);

        assertTrue(d.promote(), d.reasons().toString());
        assertEquals("ap", d.metric());
        assertEquals("AP", d.classFigure());
        assertEquals(0.35, d.championScore());
        assertEquals(0.39, d.challengerScore());
        assertEquals(0.04, d.improvement(), 1e-12);
        assertEquals(List.of("ap 0.3900 vs champion 0.3500: +0.0400 >= min-improvement 0.0050",
                "no class's AP drops (max-ap-drop 0.0500)"), d.reasons());
        assertEquals(new PromotionDecision.ClassFigure("square", 30, 0.30, 0.33, 0.30 - 0.33, false),
                d.perClass().get(1));
    }

    @Test
    void aBetterApBoughtWithOneClasssApIsRefused() {
        var champion = coco(0.30, THREE, new int[] {20, 30, 5}, 0.40, 0.30, 0.20);
        var challenger = coco(0.40, THREE, new int[] {20, 30, 5}, 0.60, 0.50, 0.10);
        PromotionDecision d = AP.decide(champion, challenger);

        assertTrue(d.metricImproved(), "+0.10 overall");
        assertFalse(d.promote());
        assertEquals(List.of("star"), d.classDrops().stream().map(PromotionDecision.ClassFigure::name).toList());
        assertEquals(0.10, d.classDrops().get(0).drop(), 1e-12);
        assertEquals(List.of("ap 0.4000 vs champion 0.3000: +0.1000 >= min-improvement 0.0050",
                "AP of class 'star' drops 0.2000 -> 0.1000 (-0.1000) > max-ap-drop 0.0500"), d.reasons());
    }

    @Test
    void aDropOfExactlyTheLimitIsAllowedAndOneJustOverIsNot() {
        var champion = coco(0.30, TWO, new int[] {10, 10}, 0.40, 0.20);
        PromotionDecision atLimit = AP.decide(champion, coco(0.40, TWO, new int[] {10, 10}, 0.65, 0.15));
        assertTrue(atLimit.promote(), atLimit.reasons().toString());
        assertEquals("no class's AP drops by more than max-ap-drop 0.0500 (largest drop: 'square' 0.2000 -> 0.1500)",
                atLimit.reasons().get(1));
        PromotionDecision over = AP.decide(champion, coco(0.40, TWO, new int[] {10, 10}, 0.66, 0.149));
        assertFalse(over.promote());
        assertEquals(List.of("square"), over.classDrops().stream().map(PromotionDecision.ClassFigure::name).toList());
    }

    @Test
    void aTieIsRefusedUnderAMarginAndPromotedWithoutOne() {
        var champion = coco(0.35, TWO, new int[] {20, 30}, 0.40, 0.30);
        var same = coco(0.35, TWO, new int[] {20, 30}, 0.40, 0.30);
        PromotionDecision refused = AP.decide(champion, same);
        assertFalse(refused.promote());
        assertEquals("ap 0.3500 vs champion 0.3500: +0.0000 < min-improvement 0.0050", refused.reasons().get(0));
        assertTrue(refused.classDrops().isEmpty(), "equal APs are not a drop");

        PromotionDecision noMargin = new PromotionRule(PromotionMetric.AP, 0, 0.05).decide(champion, same);
        assertTrue(noMargin.promote(), "an improvement of exactly the margin (0) passes");

        PromotionDecision exactMargin = AP.decide(champion, coco(0.355, TWO, new int[] {20, 30}, 0.41, 0.30));
        assertTrue(exactMargin.promote(), "0.355 - 0.35 is the margin up to binary rounding");
    }

    @Test
    void ap50ComparesTheApAtIou50OverallAndPerClass() {
        // AP@[.5:.95] rises for every class, but square's AP at IoU .50 falls by 0.10
        var champion = coco(0.30, 0.70, 0.2, TWO, new int[] {10, 10}, new double[] {0.30, 0.30},
                new double[] {0.80, 0.60});
        var challenger = coco(0.40, 0.75, 0.2, TWO, new int[] {10, 10}, new double[] {0.40, 0.40},
                new double[] {1.00, 0.50});
        assertTrue(AP.decide(champion, challenger).promote());
        PromotionDecision d = new PromotionRule(PromotionMetric.AP50, 0.005, 0.05).decide(champion, challenger);
        assertFalse(d.promote());
        assertEquals("AP50", d.classFigure());
        assertEquals(0.75 - 0.70, d.improvement(), 1e-12);
        assertEquals("AP50 of class 'square' drops 0.6000 -> 0.5000 (-0.1000) > max-ap-drop 0.0500",
                d.reasons().get(1));
    }

    @Test
    void aClassWithoutGroundTruthIsNotChecked() {
        // star has no box on the holdout: COCO reports -1 for it, under both models
        var champion = coco(0.35, THREE, new int[] {20, 30, 0}, 0.40, 0.30, -1);
        var challenger = coco(0.40, THREE, new int[] {20, 30, 0}, 0.45, 0.35, -1);
        PromotionDecision d = AP.decide(champion, challenger);
        assertTrue(d.promote(), d.reasons().toString());
        assertEquals(0, d.perClass().get(2).support());
        assertFalse(d.perClass().get(2).exceeds());
    }

    @Test
    void undefinedFiguresRefuseThePromotion() {
        var noBoxes = coco(-1, -1, -1, TWO, new int[] {0, 0}, new double[] {-1, -1}, new double[] {-1, -1});
        PromotionDecision empty = AP.decide(noBoxes, noBoxes);
        assertFalse(empty.promote());
        assertEquals(List.of("the holdout split has no ground-truth boxes: there is nothing to compare the models on"),
                empty.reasons());

        // no small objects on the holdout: ap-small is -1 for both
        var champion = coco(0.30, 0.6, -1, TWO, new int[] {10, 10}, new double[] {0.3, 0.3}, new double[] {0.6, 0.6});
        var challenger = coco(0.50, 0.8, -1, TWO, new int[] {10, 10}, new double[] {0.5, 0.5}, new double[] {0.8, 0.8});
        PromotionDecision small = new PromotionRule(PromotionMetric.AP_SMALL, 0, 0.05).decide(champion, challenger);
        assertFalse(small.promote());
        assertTrue(small.reasons().get(0).startsWith("ap-small is undefined on the holdout split"),
                small.reasons().toString());
    }

    @Test
    void metricsOfDifferentHoldoutsOrTheOtherTaskAreRefused() {
        var champion = coco(0.35, TWO, new int[] {20, 30}, 0.40, 0.30);
        assertEquals("champion and challenger must be scored on the same holdout rows, but class 'square' has 30"
                + " ground-truth boxes for one and 31 for the other",
                assertThrows(IllegalArgumentException.class,
                        () -> AP.decide(champion, coco(0.35, TWO, new int[] {20, 31}, 0.40, 0.30))).getMessage());
        var classification = ClassificationMetrics.of(new long[][] {{9, 1}, {1, 9}}, TWO);
        assertEquals("augflow.retrain.metric = ap scores detectors, but the models are classifiers: use one of"
                + " [macro-f1, accuracy, balanced-accuracy]",
                assertThrows(IllegalArgumentException.class, () -> AP.decide(classification, classification))
                        .getMessage());
        assertEquals("augflow.retrain.metric = macro-f1 scores classifiers, but the models are detectors: use one of"
                + " [ap, ap50, ap-small]",
                assertThrows(IllegalArgumentException.class, () -> new PromotionRule(PromotionMetric.MACRO_F1, 0,
                        0.05).decide(champion, champion)).getMessage());
        assertEquals("augflow.retrain.max-ap-drop must be in [0, 1], got 1.5",
                assertThrows(IllegalArgumentException.class, () -> new PromotionRule(PromotionMetric.AP, 0, 1.5))
                        .getMessage());
    }

    @Test
    void theDecisionFollowsTheRuleOnRandomClassAps() {
        for (int seed = 0; seed < 500; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            int n = 2 + rng.nextInt(3);
            List<String> names = List.of("a", "b", "c", "d").subList(0, n);
            int[] boxes = new int[n];
            double[] before = new double[n];
            double[] after = new double[n];
            double sumBefore = 0;
            double sumAfter = 0;
            int counted = 0;
            for (int c = 0; c < n; c++) {
                boxes[c] = rng.nextInt(4) == 0 ? 0 : 1 + rng.nextInt(30);
                // APs on a 0.05 grid, so that drops land on the limits too
                before[c] = boxes[c] == 0 ? -1 : rng.nextInt(21) * 0.05;
                after[c] = boxes[c] == 0 ? -1 : rng.nextInt(21) * 0.05;
                if (boxes[c] > 0) {
                    sumBefore += before[c];
                    sumAfter += after[c];
                    counted++;
                }
            }
            double apBefore = counted == 0 ? -1 : sumBefore / counted;
            double apAfter = counted == 0 ? -1 : sumAfter / counted;
            double margin = rng.nextInt(3) * 0.01;
            double limit = rng.nextInt(4) * 0.05;
            PromotionDecision d = new PromotionRule(PromotionMetric.AP, margin, limit).decide(
                    coco(apBefore, names, boxes, before), coco(apAfter, names, boxes, after));

            boolean improved = apAfter - apBefore >= margin - 1e-9;
            int drops = 0;
            for (int c = 0; c < n; c++) {
                if (boxes[c] > 0 && before[c] - after[c] > limit + 1e-9) {
                    drops++;
                }
            }
            boolean empty = counted == 0;
            assertEquals(!empty && improved && drops == 0, d.promote(), "seed " + seed + ": " + d.reasons());
            assertEquals(empty ? 0 : drops, d.classDrops().size(), "seed " + seed);
            assertEquals(empty ? 1 : 1 + Math.max(drops, 1), d.reasons().size(), "seed " + seed);
        }
    }
}
