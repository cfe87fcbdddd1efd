package io.augflow.train.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.train.averaging.NetworkBlueprint;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

class OutputLayerLossTest {

    /**
     * Replacing the loss changes what the live network scores, and the configuration a worker builds its network
     * from (the blueprint shipped by parameter averaging) carries the new loss.
     */
    @Test
    void theReplacedLossIsUsedAndShipped() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT).list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(new LossMCXENT()).nIn(4).nOut(2).activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        DataSet batch = new DataSet(Nd4j.rand(DataType.FLOAT, 4, 3), Nd4j.createFromArray(
                new float[][] {{1, 0}, {1, 0}, {0, 1}, {1, 0}}));
        double plain = net.score(batch);

        long[] counts = {100, 1};
        LdamLoss drw = new LdamLoss(counts, 0.5, 30).withClassWeights(new double[] {0.2, 1.8});
        assertFalse(OutputLayerLoss.replace(net, new LossMCXENT()), "the same loss is no change");
        assertTrue(OutputLayerLoss.replace(net, drw));
        assertEquals(drw, OutputLayerLoss.of(net));
        assertNotEquals(plain, net.score(batch), "the live layer scores with the new loss");

        MultiLayerNetwork worker = (MultiLayerNetwork) NetworkBlueprint.of("run", net).build();
        assertEquals(drw, OutputLayerLoss.of(worker));
        worker.setParams(net.params());
        assertEquals(net.score(batch), worker.score(batch), 1e-6, "the worker's network scores as the driver's");
    }
}
