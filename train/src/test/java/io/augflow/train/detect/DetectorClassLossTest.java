package io.augflow.train.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.train.loss.LossConf;
import io.augflow.train.model.DetectConf;
import io.augflow.train.model.InputShape;
import io.augflow.train.model.ModelConf;
import io.augflow.train.model.ModelFactory;
import io.augflow.train.model.ModelSpec;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.objdetect.Yolo2OutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossL2;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/** Class-balanced weighting of the detector's class loss: the weights, what they do to the YOLO loss, and the zip. */
class DetectorClassLossTest {
    private static final LossConf BALANCED = LossConf.parse("loss.class-balanced { enabled = true, beta = 0.5 }");

    @TempDir
    Path dir;

    /**
     * Box counts [3, 1], beta 0.5: E(3) = (1 - 0.125) / 0.5 = 1.75, E(1) = 1; 1/E = [4/7, 1], sum 11/7; normalised
     * to sum to 2: [8/11, 14/11].
     */
    @Test
    void theWeightsAreTheEffectiveNumberWeightsOfTheBoxCounts() {
        double[] w = DetectorClassLoss.weights(BALANCED, new long[] {3, 1}, List.of("common", "rare"));
        assertArrayEquals(new double[] {8.0 / 11, 14.0 / 11}, w, 1e-12);

        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> DetectorClassLoss.weights(BALANCED, new long[] {3, 0}, List.of("common", "absent")));
        assertTrue(none.getMessage().contains("augflow.loss.class-balanced.enabled")
                && none.getMessage().contains("'absent'"), none.getMessage());
    }

    @Test
    void theLossBlockAsksOfADetectorOnlyWhatItCanDo() {
        DetectorClassLoss.check(LossConf.DEFAULT, DetectConf.DEFAULT);
        DetectorClassLoss.check(BALANCED, DetectConf.DEFAULT);
        assertRefused(LossConf.parse("loss.type = focal"), DetectConf.DEFAULT, "augflow.loss.type", "focal");
        assertRefused(LossConf.parse("loss.drw-epoch = 2"), DetectConf.DEFAULT, "augflow.loss.drw-epoch", "2");
        assertRefused(LossConf.parse("loss.class-counts = [4, 5]"), DetectConf.DEFAULT, "augflow.loss.class-counts",
                "[4, 5]");
        DetectConf mse = new DetectConf(8, 5, 0.01, 0.5, 100, 3, DetectConf.MSE);
        DetectorClassLoss.check(LossConf.DEFAULT, mse);
        assertRefused(BALANCED, mse, "augflow.loss.class-balanced.enabled", "augflow.model.detect.class-loss"
                + " = cross-entropy (the weights scale the class cross-entropy), got mse");
        assertThrows(IllegalArgumentException.class, () -> mse.withClassWeights(new double[] {1, 1}),
                "weights need the cross-entropy class loss");
    }

    @Test
    void theClassLossIsWeightedCrossEntropyOnlyWithWeights() {
        assertEquals(new LossMCXENT(), DetectorClassLoss.of(DetectConf.DEFAULT));
        assertTrue(DetectorClassLoss.of(new DetectConf(8, 5, 0.01, 0.5, 100, 3, DetectConf.MSE)) instanceof LossL2);
        LossMCXENT weighted = (LossMCXENT) DetectorClassLoss.of(DetectConf.DEFAULT.withClassWeights(
                new double[] {0.5, 1.5}));
        assertArrayEquals(new double[] {0.5, 1.5}, weighted.getWeights().toDoubleVector(), 1e-7);
    }

    /**
     * A 1x2 grid, one anchor, two classes: an object of the rare class 1 (weight 1.75 against 0.25 for class 0) in
     * cell 0, nothing in cell 1. Cell 0's class logits z = [0.3, -0.2]: p = softmax(z), p_1 = 1 / (1 + e^0.5).
     * Unweighted, the class term is -log p_1 and its gradient on the logits p - e_1; weighted, both are 1.75 times
     * that, and the box and confidence terms (and the empty cell) do not change.
     */
    @Test
    void aRareClassObjectsClassTermAndGradientAreScaledByItsWeight() {
        double w1 = 1.75;
        // channels x, y, w, h, confidence, class 0, class 1; columns: cell 0, cell 1
        INDArray x = Nd4j.createFromArray(new double[][] {{0.1, 0.2}, {-0.2, 0.1}, {0.3, -0.3}, {-0.1, 0.2},
                {0.4, -0.5}, {0.3, 0.6}, {-0.2, -0.4}}).reshape(1, 7, 1, 2);
        INDArray y = Nd4j.createFromArray(new double[][] {{0.2, 0}, {0.25, 0}, {0.8, 0}, {0.7, 0}, {0, 0}, {1, 0}})
                .reshape(1, 6, 1, 2);
        Pair<Double, INDArray> plain = scoreAndInputGradient(DetectConf.DEFAULT, x, y);
        Pair<Double, INDArray> weighted = scoreAndInputGradient(
                DetectConf.DEFAULT.withClassWeights(new double[] {0.25, w1}), x, y);

        double p1 = 1 / (1 + Math.exp(0.5));
        double p0 = 1 - p1;
        double classTerm = Math.log(1 + Math.exp(0.5)); // -log p_1
        assertEquals((w1 - 1) * classTerm, weighted.getFirst() - plain.getFirst(), 1e-9,
                "only the class term changes, by (w_1 - 1) * -log p_1");
        INDArray g = plain.getSecond();
        INDArray gw = weighted.getSecond();
        assertArrayEquals(new double[] {p0, p1 - 1}, new double[] {g.getDouble(0, 5, 0, 0), g.getDouble(0, 6, 0, 0)},
                1e-9, "softmax cross-entropy: p - y");
        assertArrayEquals(new double[] {w1 * p0, w1 * (p1 - 1)},
                new double[] {gw.getDouble(0, 5, 0, 0), gw.getDouble(0, 6, 0, 0)}, 1e-9);
        for (int ch = 0; ch < 7; ch++) {
            if (ch < 5) {
                assertEquals(g.getDouble(0, ch, 0, 0), gw.getDouble(0, ch, 0, 0), 1e-12,
                        "box and confidence channel " + ch + " unweighted");
            }
            assertEquals(g.getDouble(0, ch, 0, 1), gw.getDouble(0, ch, 0, 1), 1e-12, "the empty cell, channel " + ch);
        }
        assertEquals(0.0, gw.getDouble(0, 6, 0, 1), 0.0, "no class term without an object");
    }

    @Test
    void aSavedDetectorKeepsItsWeightedClassLoss() throws Exception {
        ModelConf conf = ModelConf.parse("model { architecture = yolo-small, base-filters = 4 }");
        conf = conf.withDetect(conf.detect().withClassWeights(new double[] {0.4, 1.1, 1.5}));
        ModelSpec spec = ModelFactory.build(conf, new InputShape(3, 16, 16), 3, new Adam(1e-3), new LossMCXENT(),
                List.of(), new YoloHead(8, Anchors.of(new double[] {8, 8})));
        MultiLayerNetwork net = (MultiLayerNetwork) spec.newNetwork();
        File zip = dir.resolve("model.zip").toFile();
        ModelSerializer.writeModel(net, zip, true);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(zip, true);

        ILossFunction loss = ((Yolo2OutputLayer) back.getLayerWiseConfigurations()
                .getConf(back.getnLayers() - 1).getLayer()).getLossClassPredictions();
        assertTrue(loss instanceof LossMCXENT, loss.toString());
        assertArrayEquals(new double[] {0.4, 1.1, 1.5}, ((LossMCXENT) loss).getWeights().toDoubleVector(), 1e-6);
    }

    /** The YOLO layer alone on {@code x}, in double precision: its score and dL/dx. */
    private static Pair<Double, INDArray> scoreAndInputGradient(DetectConf detect, INDArray x, INDArray y) {
        ILossFunction classLoss = DetectorClassLoss.of(detect);
        if (classLoss instanceof LossMCXENT mcxent && mcxent.getWeights() != null) {
            classLoss = new LossMCXENT(mcxent.getWeights().castTo(DataType.DOUBLE));
        }
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .updater(new NoOp()).list()
                .layer(new Yolo2OutputLayer.Builder().boundingBoxPriors(Nd4j.create(new double[][] {{1.0, 1.0}}))
                        .lossClassPredictions(classLoss).build())
                .setInputType(InputType.convolutional(1, 2, 7)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Pair<Gradient, INDArray> grads = net.calculateGradients(x, y, null, null);
        net.setInput(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        return new Pair<>(net.score(), grads.getSecond());
    }

    private static void assertRefused(LossConf loss, DetectConf detect, String key, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DetectorClassLoss.check(loss, detect));
        assertTrue(e.getMessage().startsWith(key) && e.getMessage().contains(value), e.getMessage());
    }
}
