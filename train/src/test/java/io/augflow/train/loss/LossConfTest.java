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

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
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
