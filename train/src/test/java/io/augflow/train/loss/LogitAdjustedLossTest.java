package io.augflow.train.loss;

import static io.augflow.train.loss.LossChecks.SOFTMAX;
import static io.augflow.train.loss.LossChecks.oneHot;
import static io.augflow.train.loss.LossChecks.preOutput;
import static io.augflow.train.loss.LossChecks.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

class LogitAdjustedLossTest {

    @Test
    void equalLogitsGiveThePriorAsProbabilities() {
        // counts 1 : 3, tau 1: softmax(0 + ln 1/4, 0 + ln 3/4) = (1/4, 3/4), by hand.
        LogitAdjustedLoss loss = new LogitAdjustedLoss(new long[] {1, 3}, 1.0);
        INDArray z = row(0, 0);
        assertEquals(Math.log(4), loss.computeScore(row(1, 0), z, SOFTMAX, null, true), 1e-12);
        assertEquals(-Math.log(0.75), loss.computeScore(row(0, 1), z, SOFTMAX, null, true), 1e-12);
        assertArrayEquals(new double[] {-0.75, 0.75}, loss.computeGradient(row(1, 0), z, SOFTMAX, null).toDoubleVector(),
                1e-12);
        assertArrayEquals(new double[] {0.25, -0.25}, loss.computeGradient(row(0, 1), z, SOFTMAX, null).toDoubleVector(),
                1e-12);
    }

    @Test
    void threeClassesMatchPlainArithmetic() {
        // counts 2 : 1 : 1 -> prior (1/2, 1/4, 1/4); tau 0.5; logits (1, 2, 0); label 2.
        LogitAdjustedLoss loss = new LogitAdjustedLoss(new long[] {2, 1, 1}, 0.5);
        double[] adjusted = {1 + 0.5 * Math.log(0.5), 2 + 0.5 * Math.log(0.25), 0.5 * Math.log(0.25)};
        INDArray z = row(1, 2, 0);
        INDArray y = row(0, 0, 1);
        assertEquals(LossChecks.crossEntropy(adjusted, 2), loss.computeScore(y, z, SOFTMAX, null, false), 1e-12);
        double[] p = LossChecks.softmax(adjusted);
        assertArrayEquals(new double[] {p[0], p[1], p[2] - 1}, loss.computeGradient(y, z, SOFTMAX, null).toDoubleVector(),
                1e-12);
    }

    @Test
    void balancedSoftmaxIsSoftmaxOfLogitsPlusLogCounts() {
        long[] counts = {100, 10, 1};
        LogitAdjustedLoss loss = LogitAdjustedLoss.balancedSoftmax(counts);
        assertEquals(new LogitAdjustedLoss(counts, 1.0), loss);
        for (long seed = 1; seed <= 5; seed++) {
            INDArray z = preOutput(seed, 4, 3);
            INDArray y = oneHot(seed, 4, 3);
            INDArray scores = loss.computeScoreArray(y, z, SOFTMAX, null);
            for (int i = 0; i < 4; i++) {
                double[] shifted = new double[3];
                for (int c = 0; c < 3; c++) {
                    shifted[c] = z.getDouble(i, c) + Math.log(counts[c]);
                }
                int label = y.getRow(i).argMax().getInt(0);
                assertEquals(LossChecks.crossEntropy(shifted, label), scores.getDouble(i, 0), 1e-9);
            }
        }
    }

    /** Property: with equal counts (or tau 0) every offset is the same, and a softmax ignores a common shift. */
    @Test
    void uniformCountsOrTauZeroIsPlainCrossEntropy() {
        LossMCXENT ce = new LossMCXENT();
        for (long seed = 1; seed <= 10; seed++) {
            int classes = 2 + (int) (seed % 3);
            long[] equal = new long[classes];
            long[] skewed = new long[classes];
            for (int c = 0; c < classes; c++) {
                equal[c] = seed * 7;
                skewed[c] = (c + 1) * (c + 1) * seed;
            }
            INDArray z = preOutput(seed, 5, classes);
            INDArray y = oneHot(seed, 5, classes);
            for (LogitAdjustedLoss loss : new LogitAdjustedLoss[] {LogitAdjustedLoss.balancedSoftmax(equal),
                    new LogitAdjustedLoss(equal, 2.5), new LogitAdjustedLoss(skewed, 0.0)}) {
                assertTrue(ce.computeScoreArray(y, z, SOFTMAX, null)
                        .equalsWithEps(loss.computeScoreArray(y, z, SOFTMAX, null), 1e-9), loss + " seed " + seed);
                assertTrue(ce.computeGradient(y, z, SOFTMAX, null)
                        .equalsWithEps(loss.computeGradient(y, z, SOFTMAX, null), 1e-9), loss + " seed " + seed);
            }
        }
    }

    /** Property: only the prior matters, so multiplying every count by k changes nothing. */
    @Test
    void scalingAllCountsChangesNothing() {
        INDArray z = preOutput(3, 6, 3);
        INDArray y = oneHot(3, 6, 3);
        LogitAdjustedLoss base = new LogitAdjustedLoss(new long[] {5, 2, 1}, 1.5);
        LogitAdjustedLoss scaled = new LogitAdjustedLoss(new long[] {500, 200, 100}, 1.5);
        assertEquals(base.computeScore(y, z, SOFTMAX, null, true), scaled.computeScore(y, z, SOFTMAX, null, true), 1e-9);
        assertTrue(base.computeGradient(y, z, SOFTMAX, null)
                .equalsWithEps(scaled.computeGradient(y, z, SOFTMAX, null), 1e-9));
    }

    @Test
    void identityActivationSeesTheSameLogits() {
        LogitAdjustedLoss loss = new LogitAdjustedLoss(new long[] {9, 3, 1}, 1.0);
        INDArray z = preOutput(2, 4, 3);
        INDArray y = oneHot(2, 4, 3);
        assertEquals(loss.computeScore(y, z, SOFTMAX, null, true),
                loss.computeScore(y, z, new ActivationIdentity(), null, true), 1e-12);
    }

    @Test
    void gradientMatchesFiniteDifferencesAndDl4jGradientCheck() {
        LossChecks.gradientMatchesFiniteDifferences(new LogitAdjustedLoss(new long[] {50, 5, 2, 1}, 1.0), 4);
        LossChecks.gradientMatchesFiniteDifferences(new LogitAdjustedLoss(new long[] {50, 5, 2, 1}, 0.3), 4);
        LossChecks.dl4jGradientCheckPasses(new LogitAdjustedLoss(new long[] {20, 4, 1}, 1.0), 3);
        LossChecks.dl4jGradientCheckPasses(LogitAdjustedLoss.balancedSoftmax(new long[] {1, 30, 2}), 3);
    }

    @Test
    void perExampleMaskDropsTheExample() {
        LogitAdjustedLoss loss = new LogitAdjustedLoss(new long[] {4, 2, 1}, 1.0);
        INDArray z = preOutput(3, 4, 3);
        INDArray y = oneHot(3, 4, 3);
        INDArray mask = Nd4j.createFromArray(new double[][] {{1}, {0}, {1}, {1}});
        assertEquals(0.0, loss.computeScoreArray(y, z, SOFTMAX, mask).getDouble(1, 0));
        INDArray grad = loss.computeGradient(y, z, SOFTMAX, mask);
        assertEquals(0.0, grad.getRow(1).norm1Number().doubleValue());
        assertEquals(loss.computeGradient(y, z, SOFTMAX, null).getRow(0), grad.getRow(0));
        assertThrows(UnsupportedOperationException.class,
                () -> loss.computeGradient(y, z, SOFTMAX, Nd4j.ones(DataType.DOUBLE, 4, 3)));
    }

    @Test
    void badParametersShapesAndActivationsAreRejectedWithTheValue() {
        assertEquals("LogitAdjustedLoss tau must be a finite number >= 0, got -1.0",
                assertThrows(IllegalArgumentException.class,
                        () -> new LogitAdjustedLoss(new long[] {1, 2}, -1)).getMessage());
        assertEquals("LogitAdjustedLoss needs every class count >= 1, class 1 has 0 in [3, 0]",
                assertThrows(IllegalArgumentException.class,
                        () -> LogitAdjustedLoss.balancedSoftmax(new long[] {3, 0})).getMessage());
        LogitAdjustedLoss three = new LogitAdjustedLoss(new long[] {1, 2, 3}, 1);
        assertEquals("LogitAdjustedLoss: the class counts have 3 values but the output has 4 classes",
                assertThrows(IllegalArgumentException.class,
                        () -> three.computeScore(oneHot(1, 2, 4), preOutput(1, 2, 4), SOFTMAX, null, true))
                        .getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> three.computeGradient(oneHot(1, 2, 3), preOutput(1, 2, 3), new ActivationReLU(), null));
        assertTrue(e.getMessage().startsWith("LogitAdjustedLoss needs an output layer with softmax or identity"),
                e.getMessage());
    }

    @Test
    void networkWithTheLossSurvivesJsonAndModelSerializer(@TempDir Path dir) throws IOException {
        LossChecks.survivesJsonAndModelSerializer(new LogitAdjustedLoss(new long[] {90, 10}, 0.75), dir);
    }
}
