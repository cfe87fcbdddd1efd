package io.augflow.train.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.train.optim.OptimizerConf;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/** {@code optimizer.type = adamw}: its decoupled weight decay reaches every weighted layer of the built network once. */
class WeightRegularizationTest {

    private static ModelSpec spec(String architecture) {
        return spec(architecture, true);
    }

    private static ModelSpec spec(String architecture, boolean batchNorm) {
        OptimizerConf adamw = OptimizerConf.parse("optimizer { type = adamw, learning-rate = 0.1, weight-decay = 0.05 }");
        return ModelFactory.build(ModelConf.parse("model { architecture = " + architecture + ", l2 = 0, base-filters = 4,"
                + " stages = 2, batch-norm = " + batchNorm + " }"), new InputShape(1, 28, 28), 3, adamw.toUpdater(), new LossMCXENT(),
                adamw.regularization());
    }

    @ParameterizedTest
    @ValueSource(strings = {"lenet5", "vgg-small", "resnet-small", "mobilenet-small"})
    void everyWeightedLayerCarriesTheDecayOnce(String architecture) {
        ModelSpec spec = spec(architecture);
        List<Layer> layers = new ArrayList<>();
        if (spec instanceof ModelSpec.Layers l) {
            l.multiLayer().getConfs().forEach(c -> layers.add(c.getLayer()));
        } else {
            spec.graph().getVertices().values().stream().filter(v -> v instanceof LayerVertex)
                    .forEach(v -> layers.add(((LayerVertex) v).getLayerConf().getLayer()));
        }
        int weighted = 0;
        for (Layer layer : layers) {
            if (layer instanceof BaseLayer base) {
                long decays = base.getRegularization().stream().filter(r -> r instanceof WeightDecay).count();
                assertEquals(1, decays, layer.getLayerName() + ": " + base.getRegularization());
                weighted++;
            }
        }
        assertTrue(weighted >= 3, architecture + " has weighted layers: " + weighted);
    }

    @org.junit.jupiter.api.Test
    void aZeroGradientStepShrinksTheWeightsByLrTimesDecayOnce() {
        // no batch norm: its training-mode statistics would make the training output differ from output()
        MultiLayerNetwork net = (MultiLayerNetwork) spec("lenet5", false).newNetwork();
        INDArray x = Nd4j.rand(new long[] {4, 1, 28, 28});
        INDArray before = net.getLayer(0).getParam("W").dup();
        // labels = the network's own softmax output: the cross-entropy gradient is zero, only the decay acts
        net.fit(new DataSet(x, net.output(x)));
        // lr 0.1, weight decay 0.05: theta * (1 - 0.1 * 0.05) = 0.995 theta (twice applied would give 0.990)
        INDArray after = net.getLayer(0).getParam("W");
        assertTrue(before.mul(0.995).equalsWithEps(after, 1e-5), "conv1 weights after one zero-gradient step");
        List<Regularization> r = ((BaseLayer) net.getLayerWiseConfigurations().getConf(0).getLayer()).getRegularization();
        assertEquals(1, r.size());
    }
}
