package io.augflow.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;

/** Heavy-ball momentum against two steps derived by hand. */
class MomentumTest {

    @Test
    void stepsFollowVelocityTimesLearningRate() {
        Momentum conf = new Momentum(0.1, 0.9);
        INDArray state = Nd4j.zeros(DataType.DOUBLE, 1, 2);
        GradientUpdater<Momentum> u = conf.instantiate(state, true);

        INDArray g1 = Nd4j.createFromArray(new double[][] {{1.0, -2.0}});
        u.applyUpdater(g1, 0, 0);
        // v = g1 = (1, -2); step = 0.1 * v
        assertArrayEquals(new double[] {0.1, -0.2}, g1.toDoubleVector(), 1e-12);

        INDArray g2 = Nd4j.createFromArray(new double[][] {{0.5, 0.5}});
        u.applyUpdater(g2, 1, 0);
        // v = 0.9 * (1, -2) + (0.5, 0.5) = (1.4, -1.3); step = (0.14, -0.13)
        assertArrayEquals(new double[] {0.14, -0.13}, g2.toDoubleVector(), 1e-12);
        // the state lives in DL4J's view array (what gets saved and averaged)
        assertArrayEquals(new double[] {1.4, -1.3}, state.toDoubleVector(), 1e-12);
        assertEquals(conf, u.getConfig());
    }

    @Test
    void zeroMomentumIsPlainSgd() {
        GradientUpdater<Momentum> u = new Momentum(0.5, 0.0).instantiate(Nd4j.zeros(DataType.DOUBLE, 1, 3), true);
        for (int it = 0; it < 3; it++) {
            INDArray g = Nd4j.createFromArray(new double[][] {{1.0, 2.0, 3.0}});
            u.applyUpdater(g, it, 0);
            assertArrayEquals(new double[] {0.5, 1.0, 1.5}, g.toDoubleVector(), 1e-12);
        }
    }
}
