package io.augflow.train.detect;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.Box;
import io.augflow.train.TestArrays;
import java.util.List;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.objdetect.Yolo2OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * DL4J's own numerical gradient check over a tiny network ending in {@code Yolo2OutputLayer}, in double precision:
 * a 3x3 convolution, the 1x1 head to {@code B * (5 + C)} channels and the YOLO loss, on a minibatch of one image
 * with three objects (labels from {@link YoloTargets} at stride 1, so pixels are grid units) and one background.
 */
class YoloGradientCheckTest {
    private static final int CLASSES = 2;
    private static final double[][] PRIORS = {{1.0, 1.0}, {2.0, 1.5}};

    @Test
    void yolo2OutputLayerGradientsMatchFiniteDifferencesWithEitherClassLoss() {
        for (long seed = 1; seed <= 4; seed++) {
            // seeds 1, 2: squared error on the class softmax (DL4J's default); 3, 4: cross-entropy (augflow's)
            String classLoss = seed <= 2 ? io.augflow.train.model.DetectConf.MSE
                    : io.augflow.train.model.DetectConf.CROSS_ENTROPY;
            MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                    .dataType(DataType.DOUBLE).seed(seed).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                    .convolutionMode(ConvolutionMode.Same)
                    .list()
                    .layer(new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.TANH)
                            .dataFormat(CNN2DFormat.NCHW).build())
                    .layer(new ConvolutionLayer.Builder(1, 1).nOut(PRIORS.length * (5 + CLASSES))
                            .activation(Activation.IDENTITY).dataFormat(CNN2DFormat.NCHW).build())
                    .layer(new Yolo2OutputLayer.Builder().boundingBoxPriors(Nd4j.create(PRIORS))
                            .lossClassPredictions(DetectorClassLoss.unweighted(classLoss)).build())
                    .setInputType(InputType.convolutional(4, 5, 2))
                    .build();
            MultiLayerNetwork net = new MultiLayerNetwork(conf);
            net.init();
            INDArray x = TestArrays.randn(seed, DataType.DOUBLE, 2, 2, 4, 5);
            INDArray y = Nd4j.zeros(DataType.DOUBLE, 2, 4 + CLASSES, 4, 5);
            YoloTargets targets = new YoloTargets(1, CLASSES);
            List<Box> boxes = List.of(new Box(0, 0.7f, 0.9f, 1.4f, 1.0f), new Box(1, 2.6f, 1.8f, 1.3f, 1.3f),
                    new Box(1, 0.2f, 2.3f, 2.5f, 1.4f));
            y.slice(0).assign(targets.encode("objects", boxes, 5, 4).array());
            // y.slice(1) stays zero: a background image.
            assertTrue(check(net, x, y), "DL4J GradientCheckUtil failed for Yolo2OutputLayer, seed " + seed
                    + ", class loss " + classLoss);
        }
    }

    static boolean check(MultiLayerNetwork net, INDArray x, INDArray y) {
        // GradientCheckUtil insists on the process-wide default type being double; restore it afterwards.
        DataType before = Nd4j.dataType();
        DataType beforeFloat = Nd4j.defaultFloatingPointType();
        try {
            Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
            return GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                    .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)
                    .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        } finally {
            Nd4j.setDefaultDataTypes(before, beforeFloat);
        }
    }
}
