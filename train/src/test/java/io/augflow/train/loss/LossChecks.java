package io.augflow.train.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.train.TestArrays;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/** Checks every loss of this package must pass: finite differences, DL4J's gradient check, the model zip. */
final class LossChecks {
    static final IActivation SOFTMAX = new ActivationSoftmax();

    private LossChecks() {
    }

    /** Random pre-activations in double precision, scale ~N(0, 2^2). */
    static INDArray preOutput(long seed, int rows, int classes) {
        return TestArrays.randn(seed, DataType.DOUBLE, rows, classes).muli(2.0);
    }

    /** One-hot labels, class of row i = (i * 7 + seed) mod classes. */
    static INDArray oneHot(long seed, int rows, int classes) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, rows, classes);
        for (int i = 0; i < rows; i++) {
            y.putScalar(i, (int) ((i * 7 + seed) % classes), 1.0);
        }
        return y;
    }

    /** The analytic gradient against central differences of the score, for several random inputs. */
    static void gradientMatchesFiniteDifferences(ILossFunction loss, int classes) {
        for (long seed = 1; seed <= 5; seed++) {
            int rows = 6;
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
                    assertTrue(err < 1e-5 || Math.abs(a - numeric) < 1e-8,
                            loss + " seed " + seed + " [" + i + "," + j + "]: analytic " + a + " numeric " + numeric);
                }
            }
        }
    }

    /** DL4J's own gradient check on a tiny dense net whose softmax output layer uses {@code loss}. */
    static void dl4jGradientCheckPasses(ILossFunction loss, int classes) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE).seed(12345).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(loss).nIn(5).nOut(classes).activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray x = TestArrays.randn(7, DataType.DOUBLE, 8, 4);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 8, classes);
        for (int i = 0; i < 8; i++) {
            y.putScalar(i, i % classes, 1.0);
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
        assertTrue(ok, "DL4J GradientCheckUtil failed for " + loss);
    }

    /** A net with {@code loss} (2 classes) survives its JSON configuration and the model zip, score included. */
    static void survivesJsonAndModelSerializer(ILossFunction loss, Path dir) throws IOException {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(loss).nIn(4).nOut(2).activation(Activation.SOFTMAX).build())
                .build();
        String json = conf.toJson();
        assertTrue(json.contains(loss.getClass().getName()), json);
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        assertEquals(conf, back);
        assertEquals(loss, ((OutputLayer) back.getConf(1).getLayer()).getLossFn());

        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        File file = Files.createDirectories(dir).resolve("net.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork loaded = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertEquals(loss, ((OutputLayer) loaded.getLayerWiseConfigurations().getConf(1).getLayer()).getLossFn());
        INDArray x = TestArrays.rand(5, DataType.FLOAT, 5, 3);
        INDArray y = Nd4j.createFromArray(new float[][] {{1, 0}, {0, 1}, {1, 0}, {0, 1}, {1, 0}});
        org.nd4j.linalg.dataset.DataSet ds = new org.nd4j.linalg.dataset.DataSet(x, y);
        assertEquals(net.score(ds), loaded.score(ds), 1e-6);
        assertEquals(net.output(x), loaded.output(x));
    }

    /** Plain-double softmax cross-entropy of one example: {@code -log softmax(z)_label}. */
    static double crossEntropy(double[] z, int label) {
        double sum = 0;
        for (double v : z) {
            sum += Math.exp(v);
        }
        return Math.log(sum) - z[label];
    }

    /** Plain-double softmax of one example. */
    static double[] softmax(double[] z) {
        double sum = 0;
        for (double v : z) {
            sum += Math.exp(v);
        }
        double[] p = new double[z.length];
        for (int c = 0; c < z.length; c++) {
            p[c] = Math.exp(z[c]) / sum;
        }
        return p;
    }

    static INDArray row(double... values) {
        return Nd4j.createFromArray(new double[][] {values});
    }
}
