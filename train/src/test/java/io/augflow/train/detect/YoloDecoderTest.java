package io.augflow.train.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.Box;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.objdetect.Yolo2OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class YoloDecoderTest {
    // B = 2 anchors, C = 2 classes: 14 channels; a 2x2 grid at stride 8 (a 16x16 input).
    private static final YoloDecoder DECODER = new YoloDecoder(8, 2, 2, 0.3, new Nms(0.5, 100));

    private static void put(INDArray a, int anchor, int row, int col, double... values) {
        for (int k = 0; k < values.length; k++) {
            a.putScalar(new long[] {0, anchor * 7 + k, row, col}, values[k]);
        }
    }

    @Test
    void handMadeActivationsDecodeToHandComputedBoxesAndScores() {
        INDArray out = Nd4j.zeros(DataType.FLOAT, 1, 14, 2, 2);
        // row 1, col 0, anchor 1: centre ((0 + 0.5) * 8, (1 + 0.25) * 8) = (4, 10), size (16, 8):
        // x -4..12 clipped to 0..12, y 6..14; scores 0.9 * 0.2 = 0.18 (below 0.3), 0.9 * 0.8 = 0.72.
        put(out, 1, 1, 0, 0.5, 0.25, 2.0, 1.0, 0.9, 0.2, 0.8);
        // row 0, col 1, anchor 0: centre (10, 6), size (4, 8): x 8..12, y 2..10; score 0.6 * 1.0.
        put(out, 0, 0, 1, 0.25, 0.75, 0.5, 1.0, 0.6, 1.0, 0.0);
        // row 1, col 1, anchor 0: objectness 0.2, below the threshold whatever the class.
        put(out, 0, 1, 1, 0.5, 0.5, 1.0, 1.0, 0.2, 1.0, 0.0);
        List<ScoredBox> got = DECODER.decode(out, 0);
        assertEquals(2, got.size(), got.toString());
        assertDetection(got.get(0), 1, 0, 6, 12, 8, 0.72f);
        assertDetection(got.get(1), 0, 8, 2, 4, 8, 0.6f);
    }

    @Test
    void aCellTornBetweenTwoClassesGivesBothAndNmsSuppressesTheDuplicate() {
        INDArray out = Nd4j.zeros(DataType.FLOAT, 2, 14, 2, 2);
        INDArray second = out.slice(1);
        // example 1, row 0, col 0, anchor 0: centre (4, 4), size (8, 8); class scores 0.45 and 0.45.
        double[] v = {0.5, 0.5, 1.0, 1.0, 0.9, 0.5, 0.5};
        for (int k = 0; k < v.length; k++) {
            second.putScalar(new long[] {k, 0, 0}, v[k]);
        }
        // anchor 1 of the same cell, nearly the same box and class 0 only: suppressed by the first (IoU > 0.5).
        double[] w = {0.5, 0.5, 1.1, 1.0, 0.4, 1.0, 0.0};
        for (int k = 0; k < w.length; k++) {
            second.putScalar(new long[] {7 + k, 0, 0}, w[k]);
        }
        assertEquals(3, DECODER.candidates(out, 1).size());
        List<ScoredBox> got = DECODER.decode(out, 1);
        assertEquals(2, got.size(), got.toString());
        assertDetection(got.get(0), 0, 0, 0, 8, 8, 0.45f);
        assertDetection(got.get(1), 1, 0, 0, 8, 8, 0.45f);
        assertTrue(DECODER.decode(out, 0).isEmpty());
    }

    /**
     * The layout the decoder assumes is what DL4J's layer returns: feed raw values through a network holding only a
     * {@code Yolo2OutputLayer} and decode the result, against boxes computed here from the raw values.
     */
    @Test
    void networkOutputOfTheRealLayerIsActivatedOnceAndDecodesAsAssumed() {
        double[][] priors = {{1.0, 0.5}, {2.0, 2.0}};
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).list()
                .layer(new Yolo2OutputLayer.Builder().boundingBoxPriors(Nd4j.create(priors)).build())
                .setInputType(InputType.convolutional(2, 2, 14)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray raw = Nd4j.zeros(DataType.FLOAT, 1, 14, 2, 2).subi(6); // every objectness sigmoid(-6) = 0.0025
        // row 0, col 1, anchor 1: tx = 0, ty = ln 3 -> offsets 0.5, 0.75; tw = ln 1.5, th = 0 -> 3, 2 cells;
        // tc = ln 9 -> 0.9; class logits 0, ln 4 -> softmax 0.2, 0.8.
        double[] t = {0, Math.log(3), Math.log(1.5), 0, Math.log(9), 0, Math.log(4)};
        for (int k = 0; k < t.length; k++) {
            raw.putScalar(new long[] {0, 7 + k, 0, 1}, t[k]);
        }
        INDArray out = net.output(raw);
        assertEquals(0.9, out.getDouble(0, 11, 0, 1), 1e-6, "objectness is sigmoid(tc)");
        assertEquals(3.0, out.getDouble(0, 9, 0, 1), 1e-5, "width is prior * exp(tw) in cells");
        assertEquals(0.8, out.getDouble(0, 13, 0, 1), 1e-6, "classes are a softmax");
        // centre ((1 + 0.5) * 8, (0 + 0.75) * 8) = (12, 6), size (24, 16): x 0..24 -> 0..16, y -2..14 -> 0..14.
        List<ScoredBox> got = DECODER.decode(out, 0);
        assertEquals(1, got.size(), got.toString());
        assertDetection(got.get(0), 1, 0, 0, 16, 14, 0.72f);
    }

    private static void assertDetection(ScoredBox d, int classId, float x, float y, float w, float h, float score) {
        Box b = d.box();
        String s = d.toString();
        assertEquals(classId, b.classId(), s);
        assertEquals(x, b.x(), 1e-4, s);
        assertEquals(y, b.y(), 1e-4, s);
        assertEquals(w, b.w(), 1e-4, s);
        assertEquals(h, b.h(), 1e-4, s);
        assertEquals(score, d.score(), 1e-5, s);
    }
}
