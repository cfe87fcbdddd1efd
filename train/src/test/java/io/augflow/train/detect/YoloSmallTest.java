package io.augflow.train.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.train.model.Architecture;
import io.augflow.train.model.InputShape;
import io.augflow.train.model.ModelConf;
import io.augflow.train.model.ModelFactory;
import io.augflow.train.model.ModelSpec;
import io.augflow.train.summary.ModelSummary;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.io.TempDir;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.objdetect.Yolo2OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

class YoloSmallTest {
    private static final ModelConf CONF = ModelConf.parse("model { architecture = yolo-small, base-filters = 4 }");
    private static final Anchors ANCHORS = Anchors.of(new double[] {8, 8}, new double[] {16, 24});

    private static ModelSpec build(InputShape input, int classes, YoloHead head) {
        return ModelFactory.build(CONF, input, classes, new Adam(1e-3), new LossMCXENT(), List.of(), head);
    }

    @Test
    void theFactoryBuildsALayerStackEndingInYolo2WithPriorsInGridUnits() {
        assertTrue(Architecture.YOLO_SMALL.isDetector());
        assertFalse(Architecture.YOLO_SMALL.isGraph());
        ModelSpec spec = build(new InputShape(3, 32, 48), 3, new YoloHead(8, ANCHORS));
        MultiLayerConfiguration conf = spec.multiLayer();
        int last = conf.getConfs().size() - 1;
        Yolo2OutputLayer yolo = (Yolo2OutputLayer) conf.getConf(last).getLayer();
        assertArrayEquals(new double[] {1, 1, 2, 3}, yolo.getBoundingBoxes().dup().data().asDouble(), 1e-12);
        ConvolutionLayer head = (ConvolutionLayer) conf.getConf(last - 1).getLayer();
        assertEquals(2 * (5 + 3), head.getNOut(), "B * (5 + C) channels");
        assertEquals(head.getNOut(), new YoloHead(8, ANCHORS).outputChannels(3));
        assertTrue(head.getActivationFn() instanceof ActivationIdentity, head.getActivationFn().toString());
        for (var c : conf.getConfs()) {
            if (c.getLayer() instanceof BaseLayer base) {
                assertEquals(GradientNormalization.RenormalizeL2PerLayer, base.getGradientNormalization(),
                        c.getLayer().getLayerName());
            }
        }
        MultiLayerNetwork net = (MultiLayerNetwork) spec.newNetwork();
        INDArray out = net.output(Nd4j.rand(DataType.FLOAT, 2, 3, 32, 48));
        assertArrayEquals(new long[] {2, 16, 4, 6}, out.shape(), "a 4x6 grid at stride 8");
    }

    /** What checkpoints and Spark rely on: the configuration survives JSON, the network ModelSerializer. */
    @Test
    void configurationAndNetworkSurviveSerializationAndSummary(@TempDir Path dir) throws IOException {
        ModelSpec spec = build(new InputShape(3, 16, 16), 2, new YoloHead(8, ANCHORS));
        MultiLayerConfiguration conf = spec.multiLayer();
        assertEquals(conf, MultiLayerConfiguration.fromJson(conf.toJson()));
        MultiLayerNetwork net = (MultiLayerNetwork) spec.newNetwork();
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 3, 16, 16);
        File file = dir.resolve("yolo.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertEquals(net.output(x), back.output(x));
        ModelSummary summary = ModelSummary.of(spec);
        assertEquals(conf.getConfs().size(), summary.layers().size());
        assertEquals(net.numParams(), summary.totalParameters());
    }

    @Test
    void stride16HalvesOnceMoreAndOneClassIsAllowed() {
        ModelSpec spec = build(new InputShape(1, 32, 32), 1, new YoloHead(16, ANCHORS));
        INDArray out = ((MultiLayerNetwork) spec.newNetwork()).output(Nd4j.rand(DataType.FLOAT, 1, 1, 32, 32));
        assertArrayEquals(new long[] {1, 12, 2, 2}, out.shape());
    }

    @Test
    void theDefaultHeadIsStride8WithThreeAnchorsAndTheFactoryRefusesADetectorWithoutAHead() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelFactory.build(CONF, new InputShape(3, 16, 16), 2, new Adam(1e-3), new LossMCXENT()));
        assertTrue(e.getMessage().startsWith("model.architecture = yolo-small needs its detector head"),
                e.getMessage());
        ModelSpec spec = build(new InputShape(3, 16, 16), 2, YoloHead.defaults());
        INDArray out = ((MultiLayerNetwork) spec.newNetwork()).output(Nd4j.rand(DataType.FLOAT, 1, 3, 16, 16));
        assertArrayEquals(new long[] {1, 3 * 7, 2, 2}, out.shape());
    }

    @Test
    void inputSizesThatAreNotMultiplesOfTheStrideAreRejectedNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> build(new InputShape(3, 36, 32), 2, new YoloHead(8, ANCHORS)));
        assertEquals("model.input-size must have width and height that are multiples of the detector stride 8"
                + " (model.detect.stride), got 32x36", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new YoloHead(12, ANCHORS));
        assertEquals("model.detect.stride must be a power of two in [2, 32], got 12", e.getMessage());
    }

    /** base-filters 4 at stride 8: stages of 4, 8, 16; the neck alternates 3x3 at 32 with 1x1 at 16. */
    @Test
    void theNeckAlternatesWide3x3AndNarrow1x1BlocksAndRejectsAnOutOfRangeCount() {
        ModelConf conf = ModelConf.parse("model { architecture = yolo-small, base-filters = 4, batch-norm = false,"
                + " detect { neck-blocks = 3 } }");
        MultiLayerConfiguration ml = ModelFactory.build(conf, new InputShape(3, 16, 16), 2, new Adam(1e-3),
                new LossMCXENT(), List.of(), new YoloHead(8, ANCHORS)).multiLayer();
        List<String> necks = new java.util.ArrayList<>();
        for (var c : ml.getConfs()) {
            if (c.getLayer() instanceof ConvolutionLayer conv && conv.getLayerName().startsWith("neck")) {
                necks.add(conv.getKernelSize()[0] + "x" + conv.getKernelSize()[1] + ":" + conv.getNOut());
            }
        }
        assertEquals(List.of("3x3:32", "1x1:16", "3x3:32"), necks);
        Yolo2OutputLayer yolo = (Yolo2OutputLayer) ml.getConf(ml.getConfs().size() - 1).getLayer();
        assertTrue(yolo.getLossClassPredictions() instanceof LossMCXENT, "cross-entropy on the classes by default");
        ModelConf mse = ModelConf.parse("model { architecture = yolo-small, detect { class-loss = mse } }");
        assertTrue(DetectorClassLoss.unweighted(mse.detect().classLoss()) instanceof org.nd4j.linalg.lossfunctions.impl.LossL2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelConf.parse("model { detect { neck-blocks = 0 } }"));
        assertEquals("augflow.model.detect.neck-blocks must be in [1, 8], got 0", e.getMessage());
    }
}
