package io.augflow.train.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.Box;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class AnchorsTest {
    // Covers AnchorKMeans (the fit) and Anchors (the frozen priors) together: the fit is only judged through them.

    /** Sizes around three centres with the symmetric jitter {-1, 0, +1} on both sides: cluster means = centres. */
    private static List<double[]> threeClusters() {
        double[][] centres = {{6, 6}, {16, 10}, {40, 40}};
        List<double[]> sizes = new ArrayList<>();
        for (double[] c : centres) {
            for (int dw = -1; dw <= 1; dw++) {
                for (int dh = -1; dh <= 1; dh++) {
                    sizes.add(new double[] {c[0] + dw, c[1] + dh});
                }
            }
        }
        return sizes;
    }

    @Test
    void wellSeparatedClustersAreRecoveredAndSortedByArea() {
        for (long seed = 0; seed < 10; seed++) {
            Anchors anchors = AnchorKMeans.fitSizes(threeClusters(), 3, seed, AnchorKMeans.MAX_ITERATIONS);
            double[][] px = anchors.pixels();
            assertEquals(3, anchors.count());
            assertArrayEquals(new double[] {6, 6}, px[0], 1e-9, "seed " + seed + ": " + anchors);
            assertArrayEquals(new double[] {16, 10}, px[1], 1e-9, "seed " + seed + ": " + anchors);
            assertArrayEquals(new double[] {40, 40}, px[2], 1e-9, "seed " + seed + ": " + anchors);
        }
    }

    @Test
    void fittedAnchorsCoverTheBoxesAtLeastAsWellAsAWorseHandMadeSet() {
        SplittableRandom rng = new SplittableRandom(5);
        List<double[]> sizes = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            double scale = 4 + rng.nextDouble() * 40;
            double aspect = Math.exp(rng.nextGaussian() * 0.4);
            sizes.add(new double[] {scale * aspect, scale / aspect});
        }
        Anchors fitted = AnchorKMeans.fitSizes(sizes, 5, 1, AnchorKMeans.MAX_ITERATIONS);
        Anchors handMade = Anchors.of(new double[] {10, 10}, new double[] {12, 12}, new double[] {14, 14},
                new double[] {16, 16}, new double[] {18, 18});
        double fit = fitted.meanIoU(sizes);
        double hand = handMade.meanIoU(sizes);
        assertTrue(fit >= hand, "fitted " + fit + " < hand-made " + hand);
        assertTrue(fit > 0.5 && fit <= 1.0, "mean IoU " + fit);
    }

    @Test
    void sameSeedGivesTheSameAnchors() {
        SplittableRandom rng = new SplittableRandom(9);
        List<Box> boxes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            boxes.add(new Box(0, 0, 0, (float) (3 + rng.nextDouble() * 60), (float) (3 + rng.nextDouble() * 60)));
        }
        assertEquals(AnchorKMeans.fit(boxes, 5, 42), AnchorKMeans.fit(boxes, 5, 42));
        assertEquals(AnchorKMeans.fit(boxes, 3, 7).toString(), AnchorKMeans.fit(boxes, 3, 7).toString());
    }

    @Test
    void fewerDistinctSizesThanKGiveExactlyThoseSizes() {
        List<double[]> sizes = List.of(new double[] {9, 9}, new double[] {5, 5}, new double[] {9, 9},
                new double[] {5, 5}, new double[] {5, 5});
        Anchors anchors = AnchorKMeans.fitSizes(sizes, 5, 3, AnchorKMeans.MAX_ITERATIONS);
        assertEquals(2, anchors.count(), anchors.toString());
        assertArrayEquals(new double[] {5, 5}, anchors.pixels()[0]);
        assertArrayEquals(new double[] {9, 9}, anchors.pixels()[1]);
        assertEquals(1.0, anchors.meanIoU(sizes), 1e-12);
    }

    @Test
    void boxesWithoutAreaAreIgnoredAndNoBoxIsAClearError() {
        List<Box> boxes = List.of(new Box(0, 1, 1, 0, 5), new Box(1, 2, 2, 4, 6));
        assertArrayEquals(new double[] {4, 6}, AnchorKMeans.fit(boxes, 3, 1).pixels()[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AnchorKMeans.fit(List.of(new Box(0, 1, 1, 0, 0)), 3, 1));
        assertTrue(e.getMessage().contains("no box"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AnchorKMeans.fit(boxes, 0, 1));
        assertEquals("anchors: the number of anchors k must be >= 1, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Anchors.of(new double[] {3, -1}));
        assertTrue(e.getMessage().contains("[3.0, -1.0]"), e.getMessage());
    }

    @Test
    void centredIoUAndGridUnitsByHand() {
        // 4x4 and 2x8 on one centre: intersection 2x4 = 8, union 16 + 16 - 8 = 24.
        assertEquals(1.0 / 3.0, Anchors.centredIoU(new double[] {4, 4}, new double[] {2, 8}), 1e-12);
        Anchors anchors = Anchors.of(new double[] {24, 12}, new double[] {8, 4});
        assertArrayEquals(new double[] {1.0, 0.5}, anchors.inGridUnits(8)[0], 1e-12);
        assertArrayEquals(new double[] {3.0, 1.5}, anchors.inGridUnits(8)[1], 1e-12);
        INDArray priors = anchors.priors(16);
        assertArrayEquals(new long[] {2, 2}, priors.shape());
        assertEquals(1.5, priors.getDouble(1, 0), 1e-12);
        assertEquals(0.75, priors.getDouble(1, 1), 1e-12);
    }
}
