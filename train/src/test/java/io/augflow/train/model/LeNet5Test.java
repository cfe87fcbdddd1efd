package io.augflow.train.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

class LeNet5Test {

    @ParameterizedTest
    @CsvSource({"28,28,1,10", "32,32,3,5", "16,20,1,2"})
    void outputsOneProbabilityRowPerSample(int h, int w, int c, int classes) {
        MultiLayerNetwork net = new MultiLayerNetwork(LeNet5.of(h, w, c, classes).configuration());
        net.init();
        INDArray out = net.output(Nd4j.zeros(DataType.FLOAT, 3, c, h, w));
        assertArrayEquals(new long[] {3, classes}, out.shape());
        INDArray sums = out.sum(1);
        for (int i = 0; i < 3; i++) {
            assertEquals(1.0, sums.getDouble(i), 1e-5);
        }
    }

    @Test
    void hasTheClassicParameterCountFor28x28() {
        MultiLayerNetwork net = new MultiLayerNetwork(LeNet5.of(28, 28, 1, 10).configuration());
        net.init();
        long expected = (20 * 25 + 20) + (50 * 20 * 25 + 50) + (800 * 500 + 500) + (500 * 10 + 10);
        assertEquals(expected, net.numParams());
    }

    @Test
    void theUpdaterIsTheOnePassedIn() {
        MultiLayerNetwork net = new MultiLayerNetwork(
                new LeNet5(28, 28, 1, 10, new Sgd(0.5), 1).configuration());
        net.init();
        assertEquals(new Sgd(0.5), net.getLayerWiseConfigurations().getConf(0).getLayer().getUpdaterByParam("W"));
    }

    @Test
    void badShapesNameTheParameter() {
        assertEquals("lenet5.height must be >= 16, got 12",
                assertThrows(IllegalArgumentException.class, () -> LeNet5.of(12, 28, 1, 10)).getMessage());
        assertEquals("lenet5.classes must be >= 2, got 1",
                assertThrows(IllegalArgumentException.class, () -> LeNet5.of(28, 28, 1, 1)).getMessage());
        assertEquals("lenet5.updater must be set, got null",
                assertThrows(IllegalArgumentException.class, () -> new LeNet5(28, 28, 1, 10, null, 1)).getMessage());
    }
}
