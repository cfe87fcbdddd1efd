package io.augflow.train.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import io.augflow.train.TestArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

class FocalLossTest {
    private static final IActivation SOFTMAX = new ActivationSoftmax();

    /** Random pre-activations in double precision, scale ~N(0, 2^2). */
    private static INDArray preOutput(long seed, int rows, int classes) {
        return TestArrays.randn(seed, DataType.DOUBLE, rows, classes).muli(2.0);
    }

    /** One-hot labels, class of row i = (i * 7 + seed) mod classes. */
    private static INDArray oneHot(long seed, int rows, int classes) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, rows, classes);
        for (int i = 0; i < rows; i++) {
            y.putScalar(i, (int) ((i * 7 + seed) % classes), 1.0);
        }
        return y;
    }

    @ParameterizedTest
    @CsvSource({"0.0, 1.0", "2.0, 0.25", "0.5, 1.0", "1.0, 0.75", "3.0, 2.0"})
    void gradientMatchesCentralFiniteDifferences(double gamma, double alpha) {
        for (long seed = 1; seed <= 5; seed++) {
            checkNumerically(new FocalLoss(alpha, gamma), seed);
        }
    }

    @Test
    void gradientWithPerClassAlphaMatchesFiniteDifferences() {
        for (long seed = 1; seed <= 5; seed++) {
            checkNumerically(new FocalLoss(new double[] {0.25, 1.0, 2.0, 0.5}, 2.0), seed);
        }
    }

    private static void checkNumerically(ILossFunction loss, long seed) {
        int rows = 6;
        int classes = 4;
        INDArray z = preOutput(seed, rows, classes);
        INDArray y = oneHot(seed, rows, classes);
        INDArray analytic = loss.computeGradient(y, z, SOFTMAX, null);
        double h = 1e-6;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < classes; j++) {
                double orig = z.getDouble(i, j);
                z.putScalar(i, j, orig + h);
                double plus = loss.computeScore(y, z, SOFTMAX, null, false);
                z.putScalar(i, j, orig - h);
                double minus = loss.computeScore(y, z, SOFTMAX, null, false);
                z.putScalar(i, j, orig);
                double numeric = (plus - minus) / (2 * h);
                double a = analytic.getDouble(i, j);
                double err = Math.abs(a - numeric) / Math.max(1e-8, Math.abs(a) + Math.abs(numeric));
                assertTrue(err < 1e-5 || Math.abs(a - numeric) < 1e-9,
                        loss + " seed " + seed + " [" + i + "," + j + "]: analytic " + a + " numeric " + numeric);
            }
        }
    }

    @Test
    void dl4jGradientCheckPassesOnATinyNetWithFocalOutput() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE).seed(12345).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(new FocalLoss(new double[] {0.5, 1.0, 2.0}, 2.0))
                        .nIn(5).nOut(3).activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray x = TestArrays.randn(7, DataType.DOUBLE, 8, 4);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 8, 3);
        for (int i = 0; i < 8; i++) {
            y.putScalar(i, i % 3, 1.0);
        }
        // GradientCheckUtil insists on the process-wide default type being double; restore it afterwards.
        DataType before = Nd4j.dataType();
        DataType beforeFloat = Nd4j.defaultFloatingPointType();
        boolean ok;
        try {
            Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
            ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                    .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-10));
        } finally {
            Nd4j.setDefaultDataTypes(before, beforeFloat);
        }
        assertTrue(ok, "DL4J GradientCheckUtil failed for FocalLoss");
    }

    @Test
    void gammaZeroAlphaOneIsCrossEntropy() {
        FocalLoss focal = new FocalLoss(1.0, 0.0);
        LossMCXENT ce = new LossMCXENT();
        for (long seed = 1; seed <= 10; seed++) {
            INDArray z = preOutput(seed, 5, 3);
            INDArray y = oneHot(seed, 5, 3);
            assertEquals(ce.computeScore(y, z, SOFTMAX, null, true), focal.computeScore(y, z, SOFTMAX, null, true), 1e-9);
            assertEquals(ce.computeScoreArray(y, z, SOFTMAX, null), focal.computeScoreArray(y, z, SOFTMAX, null));
            INDArray gCe = ce.computeGradient(y, z, SOFTMAX, null);
            INDArray gFocal = focal.computeGradient(y, z, SOFTMAX, null);
            assertTrue(gCe.equalsWithEps(gFocal, 1e-9), "seed " + seed + ": " + gCe + " vs " + gFocal);
        }
    }

    @Test
    void focalIsCrossEntropyScaledByAlphaTimesOneMinusPtToTheGamma() {
        double gamma = 2.0;
        double alpha = 0.25;
        FocalLoss focal = new FocalLoss(alpha, gamma);
        LossMCXENT ce = new LossMCXENT();
        for (long seed = 1; seed <= 10; seed++) {
            INDArray z = preOutput(seed, 5, 3);
            INDArray y = oneHot(seed, 5, 3);
            INDArray pt = SOFTMAX.getActivation(z.dup(), false).mul(y).sum(1);
            INDArray fl = focal.computeScoreArray(y, z, SOFTMAX, null);
            INDArray xe = ce.computeScoreArray(y, z, SOFTMAX, null);
            for (int i = 0; i < 5; i++) {
                double factor = alpha * Math.pow(1 - pt.getDouble(i), gamma);
                assertEquals(xe.getDouble(i, 0) * factor, fl.getDouble(i, 0), 1e-9, "seed " + seed + " row " + i);
            }
        }
    }

    @Test
    void perExampleMaskDropsTheExamplePerOutputMaskIsRejected() {
        FocalLoss focal = new FocalLoss(0.25, 2.0);
        INDArray z = preOutput(3, 4, 3);
        INDArray y = oneHot(3, 4, 3);
        INDArray mask = Nd4j.createFromArray(new double[][] {{1}, {0}, {1}, {1}});
        INDArray scores = focal.computeScoreArray(y, z, SOFTMAX, mask);
        assertEquals(0.0, scores.getDouble(1, 0));
        assertTrue(scores.getDouble(0, 0) > 0);
        INDArray grad = focal.computeGradient(y, z, SOFTMAX, mask);
        assertEquals(0.0, grad.getRow(1).norm1Number().doubleValue());
        INDArray unmaskedRow0 = focal.computeGradient(y, z, SOFTMAX, null).getRow(0);
        assertEquals(unmaskedRow0, grad.getRow(0));

        INDArray perOutput = Nd4j.ones(DataType.DOUBLE, 4, 3);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> focal.computeGradient(y, z, SOFTMAX, perOutput));
        assertTrue(e.getMessage().contains("per-example masks"), e.getMessage());
    }

    @Test
    void badParametersAndShapesAreRejectedWithTheValue() {
        assertEquals("focal gamma must be a finite number >= 0, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> new FocalLoss(0.25, -1)).getMessage());
        assertEquals("focal alpha values must be finite numbers > 0, got [0.25, 0.0]",
                assertThrows(IllegalArgumentException.class,
                        () -> new FocalLoss(new double[] {0.25, 0.0}, 2)).getMessage());
        FocalLoss threeClasses = new FocalLoss(new double[] {1, 2, 3}, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> threeClasses.computeScore(oneHot(1, 2, 4), preOutput(1, 2, 4), SOFTMAX, null, true));
        assertEquals("FocalLoss: alpha has 3 values but the output has 4 classes", e.getMessage());
    }

    @Test
    void networkWithFocalLossSurvivesJsonAndModelSerializer(@TempDir Path dir) throws IOException {
        FocalLoss focal = new FocalLoss(new double[] {0.5, 1.5}, 1.5);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(focal).nIn(4).nOut(2).activation(Activation.SOFTMAX).build())
                .build();
        String json = conf.toJson();
        assertTrue(json.contains(FocalLoss.class.getName()), json);
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        assertEquals(conf, back);
        assertEquals(focal, ((org.deeplearning4j.nn.conf.layers.OutputLayer) back.getConf(1).getLayer()).getLossFn());

        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        File file = dir.resolve("focal.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork loaded = ModelSerializer.restoreMultiLayerNetwork(file, true);
        INDArray x = TestArrays.rand(5, DataType.FLOAT, 5, 3);
        INDArray y = Nd4j.createFromArray(new float[][] {{1, 0}, {0, 1}, {1, 0}, {0, 1}, {1, 0}});
        org.nd4j.linalg.dataset.DataSet ds = new org.nd4j.linalg.dataset.DataSet(x, y);
        assertEquals(net.score(ds), loaded.score(ds), 1e-6);
        assertEquals(net.output(x), loaded.output(x));
    }
}
