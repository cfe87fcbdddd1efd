package io.augflow.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * AdamW against steps derived by hand. The numbers are chosen so the square roots come out whole:
 * beta1 = 0.5, beta2 = 0.75, epsilon = 0.1, lr = 0.1.
 */
class AdamWTest {
    private static final double EPS = 1e-12;

    private static INDArray row(double... values) {
        return Nd4j.createFromArray(new double[][] {values});
    }

    /** What DL4J's UpdaterBlock does: the updater writes the Adam term, then POST_UPDATER regularization adds. */
    private static INDArray update(GradientUpdater<AdamW> u, Regularization decay, INDArray theta, INDArray g,
                                   int iteration) {
        u.applyUpdater(g, iteration, 0);
        decay.apply(theta, g, u.getConfig().getLearningRate(iteration, 0), iteration, 0);
        return g;
    }

    @Test
    void twoStepsMatchTheHandComputedAdamTermPlusDecoupledDecay() {
        AdamW conf = new AdamW(0.1, 0.5, 0.75, 0.1, 0.05);
        INDArray state = Nd4j.zeros(DataType.DOUBLE, 1, 4);
        GradientUpdater<AdamW> u = conf.instantiate(state, true);
        Regularization decay = conf.decoupledWeightDecay();
        INDArray theta = row(2.0, -4.0);

        // t = 1, g = (1, -2):
        //   m = 0.5 * 0 + 0.5 * g = (0.5, -1);   v = 0.75 * 0 + 0.25 * g^2 = (0.25, 1)
        //   m_hat = m / (1 - 0.5) = (1, -2);      v_hat = v / (1 - 0.75) = (1, 4), sqrt = (1, 2)
        //   Adam term = 0.1 * (1 / (1 + 0.1), -2 / (2 + 0.1)) = (1/11, -2/21)
        //   decay     = lr * wd * theta = 0.1 * 0.05 * (2, -4) = (0.01, -0.02)
        INDArray s1 = update(u, decay, theta, row(1.0, -2.0), 0);
        assertArrayEquals(new double[] {1.0 / 11 + 0.01, -2.0 / 21 - 0.02}, s1.toDoubleVector(), EPS);
        // the state is DL4J's view array: m then v
        assertArrayEquals(new double[] {0.5, -1.0, 0.25, 1.0}, state.toDoubleVector(), EPS);

        // theta stays (2, -4) here: the decay is checked against a fixed theta.
        // t = 2, g = (1, 2):
        //   m = 0.5 * (0.5, -1) + 0.5 * (1, 2) = (0.75, 0.5);   v = 0.75 * (0.25, 1) + 0.25 * (1, 4) = (0.4375, 1.75)
        //   1 - 0.5^2 = 0.75;  1 - 0.75^2 = 0.4375
        //   m_hat = (1, 2/3);  v_hat = (1, 4), sqrt = (1, 2)
        //   Adam term = 0.1 * (1 / 1.1, (2/3) / 2.1) = (1/11, 2/63)
        INDArray s2 = update(u, decay, theta, row(1.0, 2.0), 1);
        assertArrayEquals(new double[] {1.0 / 11 + 0.01, 2.0 / 63 - 0.02}, s2.toDoubleVector(), EPS);
        assertArrayEquals(new double[] {0.75, 0.5, 0.4375, 1.75}, state.toDoubleVector(), EPS);
        assertEquals(conf, u.getConfig());
    }

    @Test
    void aZeroGradientStillShrinksTheParametersAndLeavesTheMomentsAlone() {
        AdamW conf = new AdamW(0.1, 0.9, 0.999, 1e-8, 0.05);
        INDArray state = Nd4j.zeros(DataType.DOUBLE, 1, 6);
        GradientUpdater<AdamW> u = conf.instantiate(state, true);
        INDArray theta = row(2.0, -4.0, 10.0);
        // Adam term: m = v = 0, so 0 / (0 + eps) = 0; decay = 0.1 * 0.05 * theta = (0.01, -0.02, 0.05)
        INDArray s = update(u, conf.decoupledWeightDecay(), theta, row(0.0, 0.0, 0.0), 0);
        assertArrayEquals(new double[] {0.01, -0.02, 0.05}, s.toDoubleVector(), EPS);
        // decoupled: the decay went nowhere near the moments (coupled L2 would have put wd * theta into m and v)
        assertArrayEquals(new double[6], state.toDoubleVector(), 0.0);
    }

    @Test
    void aDl4jNetworkGivenTheRegularizationShrinksItsWeightsByTheScheduledLrTimesDecayOnAZeroGradient() {
        OptimizerConf opt = OptimizerConf.parse("optimizer { type = adamw, learning-rate = 0.1, weight-decay = 0.05,"
                + " schedule { type = exponential, gamma = 0.5 } }");
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .updater(opt.toUpdater()).list()
                // on the layer: DL4J 1.0.0-M2.1 appends a network-wide WeightDecay to each layer twice
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(3).nOut(2)
                        .activation(Activation.IDENTITY).regularization(opt.regularization()).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 2, 3}, {-1, 0, 2}});
        INDArray w = net.getParam("0_W").dup();
        INDArray b = net.getParam("0_b").dup();
        // labels equal to the output: the loss gradient is exactly zero, only the decay moves the parameters
        net.fit(new DataSet(x, net.output(x).dup()));
        // iteration 0, lr = 0.1: theta - 0.1 * 0.05 * theta = 0.995 * theta
        assertTrue(w.mul(0.995).equalsWithEps(net.getParam("0_W"), 1e-12), net.getParam("0_W").toString());
        net.fit(new DataSet(x, net.output(x).dup()));
        // iteration 1, lr = 0.1 * 0.5 = 0.05: times (1 - 0.05 * 0.05) = 0.9975, so 0.995 * 0.9975 = 0.9925125
        assertTrue(w.mul(0.9925125).equalsWithEps(net.getParam("0_W"), 1e-12), net.getParam("0_W").toString());
        // biases: DL4J's weight regularization skips them
        assertTrue(b.equalsWithEps(net.getParam("0_b"), 1e-12));
    }

    @Test
    void withoutDecayItReachesTheMinimumOfAQuadratic() {
        // f(theta) = 0.5 * sum a_i (theta_i - c_i)^2, gradient a_i (theta_i - c_i); a = (1, 10), c = (3, -1)
        assertArrayEquals(new double[] {3.0, -1.0},
                Quadratic.minimise(new AdamW(0.05, 0.9, 0.999, 1e-8, 0.0), 2000), 1e-3);
    }

    @Test
    void onlyAdamwAsksForARegularization() {
        List<Regularization> r =
                OptimizerConf.parse("optimizer { type = adamw, weight-decay = 0.02 }").regularization();
        assertEquals(List.of(new AdamW(1e-3, 0.9, 0.999, 1e-8, 0.02).decoupledWeightDecay()), r);
        assertEquals(List.of(), OptimizerConf.parse("optimizer { type = adamw, weight-decay = 0 }").regularization());
        for (OptimizerType t : OptimizerType.values()) {
            if (t != OptimizerType.ADAMW) {
                assertEquals(List.of(), OptimizerConf.defaults(t).regularization(), t.key());
            }
        }
    }
}
