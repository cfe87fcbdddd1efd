package io.augflow.train.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.train.TestArrays;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Every classifier architecture builds for grey 28x28 and colour 32x32 input, gives one probability per class, and
 * memorises a fixed tiny batch (the loss falls over 20 iterations), with and without batch norm.
 */
class ArchitectureFitTest {
    private static final int BATCH = 4;
    private static final int CLASSES = 3;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Architecture a : Architecture.values()) {
            if (a.isDetector()) {
                continue; // no softmax over classes; the detector has its own tests in train.detect
            }
            cases.add(Arguments.of(a, new InputShape(1, 28, 28), true));
            cases.add(Arguments.of(a, new InputShape(3, 32, 32), a.ordinal() % 2 == 0));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} batch-norm={2}")
    @MethodSource("cases")
    void buildsAndMemorisesATinyBatch(Architecture architecture, InputShape input, boolean batchNorm) {
        ModelConf conf = ModelConf.parse("model { architecture = " + architecture.key() + ", batch-norm = " + batchNorm
                + ", base-filters = 4, stages = 2, dropout = 0.0, l2 = 1e-4 }");
        ModelSpec spec = ModelFactory.build(conf, input, CLASSES, new Adam(1e-2), new LossMCXENT());
        assertEquals(architecture.isGraph(), spec.isGraph());
        NeuralNetwork net = spec.newNetwork();
        Class<?> kind = architecture.isGraph() ? ComputationGraph.class : MultiLayerNetwork.class;
        assertTrue(kind.isInstance(net), net.getClass() + " is not a " + kind);

        INDArray y = TestArrays.oneHot(1, DataType.FLOAT, BATCH, CLASSES);
        // Noise plus a brightness offset by class: pure i.i.d. noise looks the same to global average pooling.
        INDArray x = TestArrays.rand(architecture.ordinal(), DataType.FLOAT, input.batchShape(BATCH)).muli(0.5);
        for (int i = 0; i < BATCH; i++) {
            x.slice(i).addi(0.25 * y.getRow(i).argMax().getInt(0));
        }
        DataSet ds = new DataSet(x, y);

        INDArray out = output(net, x);
        assertArrayEquals(new long[] {BATCH, CLASSES}, out.shape());
        INDArray rowSums = out.sum(1);
        for (int i = 0; i < BATCH; i++) {
            assertEquals(1.0, rowSums.getDouble(i), 1e-4, "softmax row " + i);
        }

        double first = score(net, ds);
        for (int i = 0; i < 20; i++) {
            net.fit(ds);
        }
        double last = score(net, ds);
        assertTrue(Double.isFinite(last), "loss not finite: " + last);
        assertTrue(last < 0.7 * first, architecture + ": loss " + first + " -> " + last + " did not fall");
    }

    private static INDArray output(NeuralNetwork net, INDArray x) {
        return net instanceof ComputationGraph g ? g.outputSingle(false, x) : ((MultiLayerNetwork) net).output(x, false);
    }

    private static double score(NeuralNetwork net, DataSet ds) {
        // training-mode loss (batch statistics in batch norm): the quantity fit() minimises
        return net instanceof ComputationGraph g ? g.score(ds, true) : ((MultiLayerNetwork) net).score(ds, true);
    }
}
