package io.augflow.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.train.TestArrays;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A network trained with our schedules and updaters is saved with {@link ModelSerializer} and loaded again:
 * same configuration (including the schedule objects), same parameters and updater state, and training
 * continues identically.
 */
class OptimizerSerializationTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "type = momentum, learning-rate = 0.05, schedule { type = cosine, max-iterations = 20, min-lr = 0.001, warmup-iterations = 3 }",
        "type = adam, learning-rate = 0.01, schedule { type = polynomial, max-iterations = 20, power = 2 }",
        "type = nesterov, learning-rate = 0.05, schedule { type = step, step-size = 2, warmup-iterations = 2 }",
        "type = rmsprop, schedule { type = exponential, gamma = 0.9, warmup-iterations = 5 }",
        "type = adamw, learning-rate = 0.01, weight-decay = 0.05, schedule { type = cosine, max-iterations = 20, warmup-iterations = 2 }",
        "type = adabound, learning-rate = 0.01, final-learning-rate = 0.05, gamma = 0.01, schedule { type = step, step-size = 2, decay-rate = 0.5 }",
    })
    void saveLoadRoundTripKeepsScheduleUpdaterAndTrainingState(String block, @TempDir Path dir) throws IOException {
        OptimizerConf opt = OptimizerConf.parse("optimizer { " + block + " }");
        IUpdater updater = opt.toUpdater();
        // the decay (adamw) on the layers: DL4J 1.0.0-M2.1 appends a network-wide WeightDecay to each layer twice
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(11).updater(updater).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(6).activation(Activation.TANH)
                        .regularization(opt.regularization()).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        DataSet ds = new DataSet(TestArrays.randn(1, DataType.FLOAT, 8, 4), TestArrays.oneHot(0, DataType.FLOAT, 8, 3));
        for (int i = 0; i < 4; i++) {
            net.fit(ds);
        }
        File file = dir.resolve("net.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork loaded = ModelSerializer.restoreMultiLayerNetwork(file, true);

        assertEquals(net.getLayerWiseConfigurations(), loaded.getLayerWiseConfigurations());
        BaseLayer layer = (BaseLayer) loaded.getLayerWiseConfigurations().getConf(0).getLayer();
        assertEquals(updater, layer.getIUpdater());
        assertEquals(opt.regularization(), layer.getRegularization());
        assertEquals(net.params(), loaded.params());
        assertEquals(net.getUpdater().getStateViewArray(), loaded.getUpdater().getStateViewArray());
        assertEquals(net.getIterationCount(), loaded.getIterationCount());

        net.fit(ds);
        loaded.fit(ds);
        INDArray a = net.params();
        INDArray b = loaded.params();
        assertTrue(a.equalsWithEps(b, 1e-6), "training diverged after reload");
    }
}
