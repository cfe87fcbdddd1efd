package io.augflow.train.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import io.augflow.train.model.LeNet5;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The oneDNN path computes the same LeNet-5 as DL4J's built-in path: same outputs, same gradients, same parameters
 * after training steps, within float tolerance, on random inputs.
 *
 * <p>How both paths live in one JVM: DL4J reads {@code org.eclipse.deeplearning4j.helpers.disable} each time a layer
 * is constructed (deeplearning4j-nn M2.1 {@code HelperUtils.createHelper}), so a network built after
 * {@code CpuBackend.configure(false)} has no helpers while one built before keeps them. The second network is built
 * from the same configuration and given a copy of the first one's parameters. No forked JVM is needed.
 */
class OneDnnEquivalenceTest {

    private static final double ATOL = 1e-4;
    private static final double RTOL = 1e-3;

    @AfterEach
    void restore() {
        CpuBackend.configure(true);
    }

    private record Pair(MultiLayerNetwork oneDnn, MultiLayerNetwork plain, HelperCalls calls) {
    }

    private static Pair twins(LeNet5 model) {
        CpuBackend.configure(true);
        MultiLayerNetwork oneDnn = new MultiLayerNetwork(model.configuration());
        oneDnn.init();
        CpuBackend.configure(false);
        MultiLayerNetwork plain = new MultiLayerNetwork(model.configuration());
        plain.init(oneDnn.params().dup(), true);
        CpuBackend.configure(true);
        assertEquals(MKLDNNConvHelper.class, oneDnn.getLayer(0).getHelper().getClass());
        for (int i = 0; i < plain.getnLayers(); i++) {
            assertNull(plain.getLayer(i).getHelper(), "layer " + i + " of the plain net has a helper");
        }
        return new Pair(oneDnn, plain, HelperCalls.instrument(oneDnn));
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertEquals(expected.length(), actual.length(), what + ": lengths");
        INDArray e = expected.castTo(DataType.DOUBLE).reshape(expected.length());
        INDArray a = actual.castTo(DataType.DOUBLE).reshape(actual.length());
        double scale = e.amaxNumber().doubleValue();
        double maxDiff = e.sub(a).amaxNumber().doubleValue();
        assertTrue(maxDiff <= ATOL + RTOL * scale,
                what + ": max |oneDNN - built-in| = " + maxDiff + " for values up to " + scale);
    }

    private static DataSet batch(SplittableRandom rng, int n) {
        return new DataSet(TestArrays.uniform(rng, DataType.FLOAT, n, 1, 28, 28),
                TestArrays.oneHot(rng, DataType.FLOAT, n, 10));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void outputsAndGradientsMatchTheBuiltInPath(long seed) {
        Pair p = twins(new LeNet5(28, 28, 1, 10, new org.nd4j.linalg.learning.config.Adam(1e-3), seed));
        DataSet data = batch(new SplittableRandom(seed), 16);

        assertClose(p.plain().output(data.getFeatures()), p.oneDnn().output(data.getFeatures()), "softmax output");
        assertClose(p.plain().feedForward(data.getFeatures()).get(2), p.oneDnn().feedForward(data.getFeatures()).get(2),
                "conv0+pool activations");

        for (MultiLayerNetwork net : new MultiLayerNetwork[] {p.oneDnn(), p.plain()}) {
            net.setInput(data.getFeatures());
            net.setLabels(data.getLabels());
            net.computeGradientAndScore();
        }
        assertEquals(p.plain().score(), p.oneDnn().score(), 1e-4, "loss");
        Map<String, INDArray> expected = p.plain().gradient().gradientForVariable();
        Map<String, INDArray> actual = p.oneDnn().gradient().gradientForVariable();
        assertEquals(expected.keySet(), actual.keySet());
        for (String key : expected.keySet()) {
            assertClose(expected.get(key), actual.get(key), "gradient " + key);
        }
        assertTrue(p.calls().convComputed.get() >= 4 && p.calls().convDeclined.get() == 0,
                "the oneDNN conv helper did not compute every call: " + p.calls());
        assertTrue(p.calls().poolComputed.get() > 0, "the oneDNN pooling helper never computed: " + p.calls());
    }

    @ParameterizedTest
    @ValueSource(longs = {5, 6})
    void parametersStayEqualOverTrainingSteps(long seed) {
        Pair p = twins(LeNet5.of(28, 28, 1, 10));
        SplittableRandom rng = new SplittableRandom(seed);
        for (int step = 0; step < 5; step++) {
            DataSet data = batch(rng, 32);
            p.oneDnn().fit(data);
            p.plain().fit(data);
        }
        assertClose(p.plain().params(), p.oneDnn().params(), "parameters after 5 Adam steps");
        assertEquals(0, p.calls().convDeclined.get(), "conv helper declined: " + p.calls());
    }
}
