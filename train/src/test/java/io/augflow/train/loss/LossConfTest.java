package io.augflow.train.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

class LossConfTest {

    @Test
    void absentBlockIsPlainCrossEntropy() {
        LossConf c = LossConf.parse("x = 1");
        assertEquals(LossConf.DEFAULT, c);
        LossMCXENT ce = assertInstanceOf(LossMCXENT.class, c.toLossFunction(10));
        assertNull(ce.getWeights());
    }

    @Test
    void focalWithScalarOrPerClassAlpha() {
        FocalLoss scalar = assertInstanceOf(FocalLoss.class,
                LossConf.parse("loss { type = focal, alpha = 0.5, gamma = 1.5 }").toLossFunction(3));
        assertArrayEquals(new double[] {0.5}, scalar.getAlpha());
        assertEquals(1.5, scalar.getGamma());
        FocalLoss perClass = assertInstanceOf(FocalLoss.class,
                LossConf.parse("loss { type = focal, alpha = [0.25, 0.5, 1] }").toLossFunction(3));
        assertArrayEquals(new double[] {0.25, 0.5, 1.0}, perClass.getAlpha());
        assertEquals(2.0, perClass.getGamma());
        FocalLoss defaults = assertInstanceOf(FocalLoss.class, LossConf.parse("loss.type = focal").toLossFunction(2));
        assertEquals(new FocalLoss(0.25, 2.0), defaults);
    }

    @Test
    void classWeightsFromTheCallerReachLossMcxent() {
        LossConf c = LossConf.parse("loss { type = weighted-cross-entropy }").withClassWeights(new double[] {0.5, 4});
        assertEquals(List.of(0.5, 4.0), c.classWeights());
        LossMCXENT ce = assertInstanceOf(LossMCXENT.class, c.toLossFunction(2));
        assertArrayEquals(new long[] {1, 2}, ce.getWeights().shape());
        assertArrayEquals(new double[] {0.5, 4.0}, ce.getWeights().toDoubleVector(), 1e-7);
    }

    @Test
    void longTailLossesTakeTheirParametersAndTheCountsFromTheCaller() {
        long[] counts = {100, 10, 1};
        assertEquals(new LogitAdjustedLoss(counts, 1.0),
                LossConf.parse("loss.type = logit-adjusted").withClassCounts(counts).toLossFunction(3));
        assertEquals(new LogitAdjustedLoss(counts, 0.5),
                LossConf.parse("loss { type = logit-adjusted, tau = 0.5 }").withClassCounts(counts).toLossFunction(3));
        assertEquals(LogitAdjustedLoss.balancedSoftmax(counts),
                LossConf.parse("loss { type = balanced-softmax, tau = 0.5 }").withClassCounts(counts).toLossFunction(3));
        assertEquals(new LdamLoss(counts, 0.5, 30.0),
                LossConf.parse("loss.type = ldam").withClassCounts(counts).toLossFunction(3));
        assertEquals(new LdamLoss(counts, 0.3, 10.0, new double[] {0.5, 1, 1.5}),
                LossConf.parse("loss { type = ldam, max-margin = 0.3, scale = 10, class-weights = [0.5, 1, 1.5],"
                        + " class-counts = [100, 10, 1] }").toLossFunction(3));
        LossConf la = LossConf.parse("loss.type = logit-adjusted");
        assertTrue(la.needsClassCounts());
        assertEquals(List.of(100L, 10L, 1L), la.withClassCounts(counts).classCounts());
        assertTrue(!LossConf.parse("loss.type = focal").needsClassCounts());
    }

    /**
     * Counts (1, 2), beta 0.5: effective numbers 1 and 1.5, inverse 1 and 2/3, normalised to sum 2 -> (1.2, 0.8)
     * (the hand computation of EffectiveNumberTest).
     */
    @Test
    void classBalancedWeightsReachCrossEntropyFocalAndLdam() {
        long[] counts = {1, 2};
        LossConf ce = LossConf.parse("loss { class-balanced { enabled = true, beta = 0.5 } }").withClassCounts(counts);
        assertTrue(ce.needsClassCounts());
        LossMCXENT weighted = assertInstanceOf(LossMCXENT.class, ce.toLossFunction(2));
        assertArrayEquals(new double[] {1.2, 0.8}, weighted.getWeights().toDoubleVector(), 1e-6);
        // focal: alpha 0.5 times the weights
        FocalLoss focal = assertInstanceOf(FocalLoss.class, LossConf.parse(
                "loss { type = focal, alpha = 0.5, class-balanced { enabled = true, beta = 0.5 } }")
                .withClassCounts(counts).toLossFunction(2));
        assertArrayEquals(new double[] {0.6, 0.4}, focal.getAlpha(), 1e-12);
        LdamLoss ldam = assertInstanceOf(LdamLoss.class, LossConf.parse(
                "loss { type = ldam, class-balanced { enabled = true, beta = 0.5 } }")
                .withClassCounts(counts).toLossFunction(2, 0));
        assertArrayEquals(new double[] {1.2, 0.8}, ldam.getClassWeights(), 1e-12);
        assertArrayEquals(new double[] {0.5, 0.5 / Math.pow(2, 0.25)}, ldam.margins(), 1e-12);
        assertEquals("cross-entropy + class-balanced weights (beta 0.5)", ce.describe(0));
        assertTrue(!ce.isScheduled());
    }

    /** drw-epoch 2: epochs 0 and 1 unweighted, 2 and later weighted by the effective number (default beta 0.9999). */
    @Test
    void deferredReweightingSwitchesAtItsEpoch() {
        long[] counts = {1, 10000};
        LossConf drw = LossConf.parse("loss { type = ldam, drw-epoch = 2 }").withClassCounts(counts);
        assertTrue(drw.isScheduled());
        assertEquals(new LdamLoss(counts, 0.5, 30.0), drw.toLossFunction(2, 0));
        assertEquals(new LdamLoss(counts, 0.5, 30.0), drw.toLossFunction(2, 1));
        // E(1) = 1, E(10000) = (1 - 0.9999^10000) / 0.0001 = 6321.389...; w = (1, 1/6321.39) * 2 / (1 + 1/6321.39)
        double e = (1 - Math.pow(0.9999, 10000)) / 0.0001;
        double[] w = {2 / (1 + 1 / e), 2 / e / (1 + 1 / e)};
        LdamLoss later = assertInstanceOf(LdamLoss.class, drw.toLossFunction(2, 2));
        assertArrayEquals(w, later.getClassWeights(), 1e-9);
        assertEquals(later, drw.toLossFunction(2, 7));
        assertEquals("ldam", drw.describe(1));
        assertEquals("ldam + class-balanced weights (beta 0.9999, deferred from epoch 2)", drw.describe(2));
        LossMCXENT ce = assertInstanceOf(LossMCXENT.class,
                LossConf.parse("loss.drw-epoch = 1").withClassCounts(counts).toLossFunction(2, 1));
        assertArrayEquals(w, ce.getWeights().toDoubleVector(), 1e-6);
        assertNull(assertInstanceOf(LossMCXENT.class,
                LossConf.parse("loss.drw-epoch = 1").withClassCounts(counts).toLossFunction(2, 0)).getWeights());
    }

    /** Cross-entropy with class weights is DL4J's LossMCXENT(w): its gradient checked on a tiny network too. */
    @Test
    void classBalancedCrossEntropyPassesTheGradientCheck() {
        LossChecks.dl4jGradientCheckPasses(LossConf.parse("loss.class-balanced.enabled = true")
                .withClassCounts(new long[] {50, 7, 1}).toLossFunction(3), 3);
        LossChecks.dl4jGradientCheckPasses(LossConf.parse("loss { type = focal, drw-epoch = 1 }")
                .withClassCounts(new long[] {50, 7, 1}).toLossFunction(3, 1), 3);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "type = logit-adjusted, class-balanced.enabled = true | augflow.loss.class-balanced.enabled must be off for type logit-adjusted (class-balanced weighting and deferred re-weighting apply to [cross-entropy, focal, ldam]), got true",
        "type = weighted-cross-entropy, drw-epoch = 2  | augflow.loss.drw-epoch must be off for type weighted-cross-entropy",
        "drw-epoch = -1                                | augflow.loss.drw-epoch must be a whole number >= 0 (0 = off), got -1",
        "class-balanced.beta = 1                       | augflow.loss.class-balanced.beta must be in [0, 1), got 1.0",
        "class-balanced.gamma = 1                      | augflow.loss.class-balanced.gamma is not a known key",
        "type = ldam, drw-epoch = 1, class-weights = [1, 2, 3] | augflow.loss.class-weights must be empty when class-balanced or drw-epoch weighs the classes",
        "class-balanced.enabled = true                 | augflow.loss.class-counts must be set for type cross-entropy with class-balanced weights",
        "type = hinge                                  | augflow.loss.type must be one of [cross-entropy, weighted-cross-entropy, focal, logit-adjusted, balanced-softmax, ldam], got hinge",
        "type = logit-adjusted, tau = -1               | augflow.loss.tau must be a finite number >= 0, got -1.0",
        "type = ldam, max-margin = -0.5                | augflow.loss.max-margin must be a finite number >= 0, got -0.5",
        "type = ldam, scale = 0                        | augflow.loss.scale must be a finite number > 0, got 0.0",
        "type = ldam                                   | augflow.loss.class-counts must be set for type ldam (the trainer fills it from the training statistics), got none",
        "type = balanced-softmax                       | augflow.loss.class-counts must be set for type balanced-softmax",
        "type = logit-adjusted, class-counts = [5, 1]  | augflow.loss.class-counts must be a list with one count per class (3), got [5, 1]",
        "type = logit-adjusted, class-counts = [5, 0, 1] | augflow.loss.class-counts must be a list of whole numbers >= 1, got [5.0, 0.0, 1.0]",
        "type = logit-adjusted, class-counts = [5, 1.5, 1] | augflow.loss.class-counts must be a list of whole numbers >= 1, got [5.0, 1.5, 1.0]",
        "type = ldam, class-counts = [5, 2, 1], class-weights = [1, 2] | augflow.loss.class-weights must be empty or a list with one weight per class (3), got [1.0, 2.0]",
        "type = focal, gamma = -2                      | augflow.loss.gamma must be a finite number >= 0, got -2.0",
        "type = focal, alpha = [0.25, 0]               | augflow.loss.alpha must be a number > 0 or a non-empty list of them, got [0.25, 0.0]",
        "type = focal, alpha = [1, 2]                  | augflow.loss.alpha must be one number or a list with one per class (3), got [1.0, 2.0]",
        "type = focal, alpha = high                    | augflow.loss.alpha must be a number or a list of numbers, got \"high\"",
        "type = weighted-cross-entropy                 | augflow.loss.class-weights must be set for type weighted-cross-entropy",
        "type = weighted-cross-entropy, class-weights = [1, 2] | augflow.loss.class-weights must be a list with one weight per class (3), got [1.0, 2.0]",
        "class-weights = [1, -2, 1]                    | augflow.loss.class-weights must be a list of finite numbers > 0, got [1.0, -2.0, 1.0]",
        "weights = [1, 2, 3]                           | augflow.loss.weights is not a known key",
    })
    void badConfigNamesKeyAndValue(String body, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LossConf.parse("loss { " + body + " }").toLossFunction(3));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }
}
