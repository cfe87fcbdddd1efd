package io.augflow.train.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.train.TestArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/** Class weights scale each example's cross-entropy by the weight of its class, nothing else. */
class WeightedCrossEntropyTest {
    private static final IActivation SOFTMAX = new ActivationSoftmax();

    @Test
    void weightTwoOnAClassDoublesThatClassesPerExampleLossOnly() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            ILossFunction weighted = LossConf.parse("loss { type = weighted-cross-entropy }")
                    .withClassWeights(new double[] {1.0, 2.0, 1.0}).toLossFunction(3);
            assertInstanceOf(LossMCXENT.class, weighted);
            ILossFunction plain = LossConf.DEFAULT.toLossFunction(3);
            for (long seed = 1; seed <= 10; seed++) {
                INDArray z = TestArrays.randn(seed, type, 6, 3);
                INDArray y = Nd4j.zeros(type, 6, 3);
                for (int i = 0; i < 6; i++) {
                    y.putScalar(i, i % 3, 1.0);
                }
                INDArray w = weighted.computeScoreArray(y, z, SOFTMAX, null);
                INDArray u = plain.computeScoreArray(y, z, SOFTMAX, null);
                for (int i = 0; i < 6; i++) {
                    double factor = i % 3 == 1 ? 2.0 : 1.0;
                    assertEquals(factor * u.getDouble(i, 0), w.getDouble(i, 0), 1e-5 * (1 + u.getDouble(i, 0)),
                            type + " seed " + seed + " row " + i);
                }
                // gradients: rows of class 1 doubled too
                INDArray gw = weighted.computeGradient(y, z, SOFTMAX, null);
                INDArray gu = plain.computeGradient(y, z, SOFTMAX, null);
                assertTrue(gw.getRow(1).equalsWithEps(gu.getRow(1).mul(2), 1e-5), type + " seed " + seed);
                assertTrue(gw.getRow(0).equalsWithEps(gu.getRow(0), 1e-5), type + " seed " + seed);
            }
        }
    }

    @Test
    void allOnesIsUnweighted() {
        ILossFunction ones = LossConf.parse("loss { type = weighted-cross-entropy, class-weights = [1, 1, 1, 1] }")
                .toLossFunction(4);
        INDArray z = TestArrays.randn(9, DataType.FLOAT, 5, 4);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 5, 4);
        for (int i = 0; i < 5; i++) {
            y.putScalar(i, (i * 3) % 4, 1.0);
        }
        assertEquals(new LossMCXENT().computeScore(y, z, SOFTMAX, null, true),
                ones.computeScore(y, z, SOFTMAX, null, true), 1e-6);
    }
}
