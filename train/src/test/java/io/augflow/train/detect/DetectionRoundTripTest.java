package io.augflow.train.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.Box;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Properties linking the label layout ({@link YoloTargets}) and the output layout ({@link YoloDecoder}) over random
 * boxes: a "perfect" output built from the labels (offset = centre - cell, size = box size, objectness 1, the label's
 * class with probability 1) decodes to exactly the encoded boxes; and the encoder's counts add up.
 */
class DetectionRoundTripTest {
    private static final int STRIDE = 8;
    private static final int CLASSES = 3;
    private static final int W = 64;
    private static final int H = 48;

    @Test
    void aPerfectOutputBuiltFromTheLabelsDecodesToTheEncodedBoxes() {
        YoloTargets targets = new YoloTargets(STRIDE, CLASSES);
        YoloDecoder decoder = new YoloDecoder(STRIDE, 1, CLASSES, 0.5, new Nms(1.0, 1000));
        for (long seed = 0; seed < 50; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            List<Box> boxes = randomBoxes(rng, 1 + rng.nextInt(12));
            YoloTargets.Encoded encoded = targets.encode("r" + seed, boxes, W, H);
            assertEquals(boxes.size(), encoded.objects() + encoded.dropped() + encoded.degenerate(), "seed " + seed);

            INDArray labels = encoded.array();
            int gh = encoded.gridHeight();
            int gw = encoded.gridWidth();
            INDArray out = Nd4j.zeros(DataType.FLOAT, 1, 5 + CLASSES, gh, gw);
            List<Box> written = new ArrayList<>();
            for (int row = 0; row < gh; row++) {
                for (int col = 0; col < gw; col++) {
                    double x1 = labels.getDouble(0, row, col);
                    double y1 = labels.getDouble(1, row, col);
                    double x2 = labels.getDouble(2, row, col);
                    double y2 = labels.getDouble(3, row, col);
                    int cls = -1;
                    for (int c = 0; c < CLASSES; c++) {
                        if (labels.getDouble(4 + c, row, col) == 1.0) {
                            cls = c;
                        }
                    }
                    if (cls < 0) {
                        continue;
                    }
                    double cx = (x1 + x2) / 2;
                    double cy = (y1 + y2) / 2;
                    assertEquals(col, (int) Math.floor(cx), "centre column, seed " + seed);
                    assertEquals(row, (int) Math.floor(cy), "centre row, seed " + seed);
                    double[] v = {cx - col, cy - row, x2 - x1, y2 - y1, 1.0};
                    for (int k = 0; k < v.length; k++) {
                        out.putScalar(new long[] {0, k, row, col}, v[k]);
                    }
                    out.putScalar(new long[] {0, 5 + cls, row, col}, 1.0);
                    written.add(Box.fromCorners(cls, x1 * STRIDE, y1 * STRIDE, x2 * STRIDE, y2 * STRIDE, false));
                }
            }
            assertEquals(encoded.objects(), written.size());
            List<Box> decoded = decoder.decode(out, 0).stream().map(ScoredBox::box).toList();
            assertEquals(written.size(), decoded.size(), "seed " + seed);
            Comparator<Box> order = Comparator.comparingDouble(Box::x).thenComparingDouble(Box::y);
            List<Box> a = written.stream().sorted(order).toList();
            List<Box> b = decoded.stream().sorted(order).toList();
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i).classId(), b.get(i).classId());
                assertEquals(a.get(i).x(), b.get(i).x(), 1e-3, "seed " + seed);
                assertEquals(a.get(i).y(), b.get(i).y(), 1e-3, "seed " + seed);
                assertEquals(a.get(i).w(), b.get(i).w(), 1e-3, "seed " + seed);
                assertEquals(a.get(i).h(), b.get(i).h(), 1e-3, "seed " + seed);
                // and each written box is one of the inputs, clipped to the image
                Box written0 = a.get(i);
                assertTrue(boxes.stream().map(x -> x.clippedTo(W, H)).anyMatch(x -> x.classId() == written0.classId()
                        && Math.abs(x.x() - written0.x()) < 1e-3 && Math.abs(x.y2() - written0.y2()) < 1e-3),
                        "seed " + seed + ": " + written0 + " is not an input box");
            }
        }
    }

    @Test
    void nmsKeepsASortedSubsetWithNoSameClassPairAboveTheThreshold() {
        for (long seed = 0; seed < 50; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            List<ScoredBox> in = new ArrayList<>();
            for (Box b : randomBoxes(rng, 40)) {
                in.add(new ScoredBox(b, (float) rng.nextDouble()));
            }
            double threshold = 0.2 + 0.6 * rng.nextDouble();
            int max = 1 + rng.nextInt(30);
            List<ScoredBox> kept = new Nms(threshold, max).apply(in);
            assertTrue(kept.size() <= max);
            for (int i = 0; i < kept.size(); i++) {
                assertTrue(in.contains(kept.get(i)));
                if (i > 0) {
                    assertTrue(kept.get(i - 1).score() >= kept.get(i).score(), "sorted by score");
                }
                for (int j = i + 1; j < kept.size(); j++) {
                    ScoredBox p = kept.get(i);
                    ScoredBox q = kept.get(j);
                    assertTrue(p.classId() != q.classId() || ScoredBox.iou(p.box(), q.box()) <= threshold,
                            "seed " + seed + ": " + p + " and " + q + " both kept");
                }
            }
            // Without the cap, every dropped detection overlaps a kept one of its class with a score >= its own.
            List<ScoredBox> all = new Nms(threshold, 1000).apply(in);
            for (ScoredBox d : in) {
                if (!all.contains(d)) {
                    assertTrue(all.stream().anyMatch(k -> k.classId() == d.classId() && k.score() >= d.score()
                            && ScoredBox.iou(k.box(), d.box()) > threshold), "seed " + seed + ": " + d);
                }
            }
        }
    }

    /** Boxes of 2-30 px, partly outside the image now and then, some without area. */
    private static List<Box> randomBoxes(SplittableRandom rng, int n) {
        List<Box> boxes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float w = rng.nextInt(10) == 0 ? 0 : 2 + (float) rng.nextDouble() * 28;
            float h = 2 + (float) rng.nextDouble() * 28;
            float x = -8 + (float) rng.nextDouble() * (W + 8);
            float y = -8 + (float) rng.nextDouble() * (H + 8);
            boxes.add(new Box(rng.nextInt(CLASSES), x, y, w, h));
        }
        return boxes;
    }
}
