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
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

class LdamLossTest {

    @Test
    void marginsFallWithTheFourthRootOfTheCountAndTheLargestIsMaxMargin() {
        // counts 16 and 1: 1/16^(1/4) = 1/2 and 1/1 = 1; scaled so the largest is 0.5 -> (0.25, 0.5).
        assertArrayEquals(new double[] {0.25, 0.5}, new LdamLoss(new long[] {16, 1}, 0.5, 30).margins(), 1e-12);
        // counts 1, 81, 10000: 1, 1/3, 1/10, times 0.8.
        assertArrayEquals(new double[] {0.8, 0.8 / 3, 0.08}, new LdamLoss(new long[] {1, 81, 10000}, 0.8, 1).margins(),
                1e-12);
    }

    @Test
    void twoClassesMatchHandArithmetic() {
        // margins (0.25, 0.5), s = 2, logits (1, 0), label 0: z' = 2 * (1 - 0.25, 0) = (1.5, 0);
        // L = ln(1 + e^-1.5); dL/dz = s * (p - y) with p_0 = sigmoid(1.5).
        LdamLoss loss = new LdamLoss(new long[] {16, 1}, 0.5, 2);
        INDArray z = row(1, 0);
        INDArray y = row(1, 0);
        assertEquals(Math.log(1 + Math.exp(-1.5)), loss.computeScore(y, z, SOFTMAX, null, true), 1e-12);
        double p0 = 1 / (1 + Math.exp(-1.5));
        assertArrayEquals(new double[] {2 * (p0 - 1), 2 * (1 - p0)},
                loss.computeGradient(y, z, SOFTMAX, null).toDoubleVector(), 1e-12);
        // Label 1 instead: its margin 0.5 comes off its own logit: z' = 2 * (1, -0.5) = (2, -1).
        assertEquals(Math.log(1 + Math.exp(3)), loss.computeScore(row(0, 1), z, SOFTMAX, null, true), 1e-12);
    }

    @Test
    void classWeightsScaleTheExampleOfThatClass() {
        // Three classes, counts (1, 1, 256): margins (0.5, 0.5, 0.125); s = 3; weights (1, 4, 0.5).
        LdamLoss loss = new LdamLoss(new long[] {1, 1, 256}, 0.5, 3, new double[] {1, 4, 0.5});
        INDArray z = row(0.2, -0.4, 1.0);
        double[] forLabel1 = {3 * 0.2, 3 * (-0.4 - 0.5), 3 * 1.0};
        double[] forLabel2 = {3 * 0.2, 3 * -0.4, 3 * (1.0 - 0.125)};
        assertEquals(4 * LossChecks.crossEntropy(forLabel1, 1), loss.computeScore(row(0, 1, 0), z, SOFTMAX, null, true),
                1e-12);
        assertEquals(0.5 * LossChecks.crossEntropy(forLabel2, 2),
                loss.computeScore(row(0, 0, 1), z, SOFTMAX, null, true), 1e-12);
        double[] p = LossChecks.softmax(forLabel1);
        assertArrayEquals(new double[] {4 * 3 * p[0], 4 * 3 * (p[1] - 1), 4 * 3 * p[2]},
                loss.computeGradient(row(0, 1, 0), z, SOFTMAX, null).toDoubleVector(), 1e-12);
        assertEquals(loss, new LdamLoss(new long[] {1, 1, 256}, 0.5, 3).withClassWeights(new double[] {1, 4, 0.5}));
    }

    /** Property: zero margins with s = 1 is plain cross-entropy; zero margins with scale s is CE on s * z. */
    @Test
    void zeroMarginIsCrossEntropyOfTheScaledLogits() {
        LossMCXENT ce = new LossMCXENT();
        for (long seed = 1; seed <= 10; seed++) {
            int classes = 2 + (int) (seed % 3);
            long[] counts = new long[classes];
            for (int c = 0; c < classes; c++) {
                counts[c] = 1 + c * c * seed;
            }
            INDArray z = preOutput(seed, 5, classes);
            INDArray y = oneHot(seed, 5, classes);
            LdamLoss plain = new LdamLoss(counts, 0, 1);
            assertTrue(ce.computeScoreArray(y, z, SOFTMAX, null)
                    .equalsWithEps(plain.computeScoreArray(y, z, SOFTMAX, null), 1e-9), "seed " + seed);
            assertTrue(ce.computeGradient(y, z, SOFTMAX, null)
                    .equalsWithEps(plain.computeGradient(y, z, SOFTMAX, null), 1e-9), "seed " + seed);
            LdamLoss scaled = new LdamLoss(counts, 0, 2.5);
            assertTrue(ce.computeScoreArray(y, z.mul(2.5), SOFTMAX, null)
                    .equalsWithEps(scaled.computeScoreArray(y, z, SOFTMAX, null), 1e-9), "seed " + seed);
        }
    }

    /** Property: a margin only ever makes the true class harder, so the loss never falls below the unmargined one. */
    @Test
    void marginsNeverLowerTheLoss() {
        for (long seed = 1; seed <= 10; seed++) {
            INDArray z = preOutput(seed, 6, 3);
            INDArray y = oneHot(seed, 6, 3);
            long[] counts = {1000, 30, 2};
            INDArray with = new LdamLoss(counts, 0.5, 4).computeScoreArray(y, z, SOFTMAX, null);
            INDArray without = new LdamLoss(counts, 0, 4).computeScoreArray(y, z, SOFTMAX, null);
            for (int i = 0; i < 6; i++) {
                assertTrue(with.getDouble(i, 0) >= without.getDouble(i, 0), "seed " + seed + " row " + i);
            }
        }
    }

    @Test
    void gradientMatchesFiniteDifferencesAndDl4jGradientCheck() {
        LossChecks.gradientMatchesFiniteDifferences(new LdamLoss(new long[] {100, 20, 5, 1}, 0.5, 3), 4);
        LossChecks.gradientMatchesFiniteDifferences(
                new LdamLoss(new long[] {100, 20, 5, 1}, 0.5, 1.5, new double[] {0.5, 1, 2, 4}), 4);
        LossChecks.dl4jGradientCheckPasses(new LdamLoss(new long[] {50, 7, 1}, 0.5, 2), 3);
        LossChecks.dl4jGradientCheckPasses(new LdamLoss(new long[] {50, 7, 1}, 0.5, 2, new double[] {0.3, 1, 1.7}), 3);
    }

    @Test
    void perExampleMaskDropsTheExample() {
        LdamLoss loss = new LdamLoss(new long[] {4, 2, 1}, 0.5, 5);
        INDArray z = preOutput(3, 4, 3);
        INDArray y = oneHot(3, 4, 3);
        INDArray mask = Nd4j.createFromArray(new double[][] {{1}, {1}, {0}, {1}});
        assertEquals(0.0, loss.computeScoreArray(y, z, SOFTMAX, mask).getDouble(2, 0));
        assertEquals(0.0, loss.computeGradient(y, z, SOFTMAX, mask).getRow(2).norm1Number().doubleValue());
        assertThrows(UnsupportedOperationException.class,
                () -> loss.computeScore(y, z, SOFTMAX, Nd4j.ones(DataType.DOUBLE, 4, 3), true));
    }

    @Test
    void badParametersAreRejectedWithTheValue() {
        long[] counts = {10, 1};
        assertEquals("LdamLoss maxMargin must be a finite number >= 0, got -0.1",
                assertThrows(IllegalArgumentException.class, () -> new LdamLoss(counts, -0.1, 30)).getMessage());
        assertEquals("LdamLoss scale must be a finite number > 0, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> new LdamLoss(counts, 0.5, 0)).getMessage());
        assertEquals("LdamLoss classWeights must be empty or one finite weight > 0 per class (2), got [1.0, 2.0, 3.0]",
                assertThrows(IllegalArgumentException.class,
                        () -> new LdamLoss(counts, 0.5, 30, new double[] {1, 2, 3})).getMessage());
        assertEquals("LdamLoss classWeights must be empty or one finite weight > 0 per class (2), got [1.0, -2.0]",
                assertThrows(IllegalArgumentException.class,
                        () -> new LdamLoss(counts, 0.5, 30, new double[] {1, -2})).getMessage());
        assertEquals("LdamLoss needs the counts of at least 2 classes, got [5]",
                assertThrows(IllegalArgumentException.class, () -> new LdamLoss(new long[] {5}, 0.5, 30)).getMessage());
    }

    @Test
    void networkWithTheLossSurvivesJsonAndModelSerializer(@TempDir Path dir) throws IOException {
        LossChecks.survivesJsonAndModelSerializer(new LdamLoss(new long[] {90, 10}, 0.5, 30), dir.resolve("a"));
        LossChecks.survivesJsonAndModelSerializer(new LdamLoss(new long[] {90, 10}, 0.4, 10, new double[] {0.2, 1.8}),
                dir.resolve("b"));
    }
}
