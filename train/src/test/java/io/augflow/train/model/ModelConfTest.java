package io.augflow.train.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

class ModelConfTest {

    @Test
    void absentBlockGivesTheDocumentedDefaults() {
        ModelConf c = ModelConf.parse("x = 1");
        assertEquals(new ModelConf(Architecture.LENET5, true, 0.0, 1e-4, 42, 32, 3, InputRequest.AUTO, null,
                ModelTask.AUTO, DetectConf.DEFAULT), c);
        assertEquals(ModelConf.DEFAULT, c);
        assertEquals(128, c.filters(2));
    }

    @Test
    void batchNormDropoutL2AndSeedReachTheNetwork() {
        ModelConf c = ModelConf.parse("seed = 7, model { architecture = vgg-small, batch-norm = false, dropout = 0.3,"
                + " l2 = 0.01, base-filters = 4, stages = 1 }");
        MultiLayerConfiguration conf = ModelFactory.build(c, new InputShape(1, 8, 8), 3, new Sgd(0.1), new LossMCXENT())
                .multiLayer();
        assertEquals(7, conf.getConf(0).getSeed());
        boolean anyBatchNorm = conf.getConfs().stream().anyMatch(n -> n.getLayer() instanceof BatchNormalization);
        assertFalse(anyBatchNorm);
        Layer out = conf.getConf(conf.getConfs().size() - 1).getLayer();
        assertTrue(out instanceof OutputLayer);
        // DL4J's dropout argument is the retain probability
        assertEquals(0.7, ((Dropout) out.getIDropout()).getP(), 1e-12);
        BaseLayer conv = (BaseLayer) conf.getConf(0).getLayer();
        assertTrue(conv.getRegularization().toString().contains("0.01"), conv.getRegularization().toString());

        ModelConf withBn = ModelConf.parse("model { architecture = lenet5 }");
        MultiLayerConfiguration lenet = ModelFactory.build(withBn, new InputShape(1, 28, 28), 10, new Sgd(0.1),
                new LossMCXENT()).multiLayer();
        assertEquals(2, lenet.getConfs().stream().filter(n -> n.getLayer() instanceof BatchNormalization).count());
        assertEquals(null, lenet.getConf(lenet.getConfs().size() - 1).getLayer().getIDropout());
    }

    @Test
    void wrongKindAccessorsSayWhichToUse() {
        ModelSpec graph = ModelFactory.build(ModelConf.parse("model { architecture = resnet-small, stages = 1,"
                + " base-filters = 2 }"), new InputShape(1, 8, 8), 2, new Sgd(0.1), new LossMCXENT());
        assertTrue(graph.isGraph());
        assertEquals("this model is a ComputationGraph; use graph()",
                assertThrows(IllegalStateException.class, graph::multiLayer).getMessage());
        ModelSpec layers = ModelFactory.build(ModelConf.DEFAULT, new InputShape(1, 16, 16), 2, new Sgd(0.1),
                new LossMCXENT());
        assertEquals("this model is a MultiLayerNetwork; use multiLayer()",
                assertThrows(IllegalStateException.class, layers::graph).getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "architecture = alexnet     | augflow.model.architecture must be one of [lenet5, vgg-small, resnet-small, mobilenet-small, yolo-small], got alexnet",
        "dropout = 0.95             | augflow.model.dropout must be in [0, 0.9], got 0.95",
        "l2 = -1                    | augflow.model.l2 must be a finite number >= 0, got -1.0",
        "stages = 0                 | augflow.model.stages must be in [1, 6], got 0",
        "base-filters = 0           | augflow.model.base-filters must be in [1, 1024], got 0",
        "batch-norm = maybe         | augflow.model.batch-norm must be true or false, got \"maybe\"",
        "seed = 7                   | augflow.model.seed is gone: augflow.seed seeds every random stream (augmentation, initialisation, sampling)",
        "batchnorm = true           | augflow.model.batchnorm is not a known key",
    })
    void badConfigNamesKeyAndValue(String body, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelConf.parse("model { " + body + " }"));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void tooSmallInputIsRejectedBeforeBuilding() {
        IllegalArgumentException lenet = assertThrows(IllegalArgumentException.class, () -> ModelFactory.build(
                ModelConf.DEFAULT, new InputShape(1, 12, 28), 10, new Sgd(0.1), new LossMCXENT()));
        assertEquals("input 1x12x28 is too small for model.architecture = lenet5 (two 5x5 convolutions and two 2x2"
                + " pools): height and width must be >= 16", lenet.getMessage());
        IllegalArgumentException vgg = assertThrows(IllegalArgumentException.class, () -> ModelFactory.build(
                ModelConf.parse("model { architecture = vgg-small, stages = 4 }"), new InputShape(3, 8, 8), 10,
                new Sgd(0.1), new LossMCXENT()));
        assertTrue(vgg.getMessage().endsWith("height and width must be >= 16"), vgg.getMessage());
        assertEquals("classes must be >= 2, got 1", assertThrows(IllegalArgumentException.class, () ->
                ModelFactory.build(ModelConf.DEFAULT, new InputShape(1, 28, 28), 1, new Sgd(0.1), new LossMCXENT()))
                .getMessage());
    }
}
