package io.augflow.augment.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.Box;
import io.augflow.augment.InvalidSampleException;
import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.augment.random.UniformRange;
import io.augflow.augment.testing.TestImages;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mosaic's geometry against values worked out by hand, its box filter, and boxes following the pixels for random
 * draws. The hand case: a 100x80 canvas, centre (40, 30), the sample top-left.
 * <pre>
 *   quadrant      image           scale s = max(qw/w, qh/h)      scaled   offset (ox, oy)
 *   TL 40x30      A 80x60 colour  max(0.5, 0.5) = 0.5            40x30    (0, 0)
 *   TR 60x30      B 30x30 colour  max(2, 1) = 2                  60x60    (40, 30 - 60 = -30)
 *   BL 40x50      C 20x50 colour  max(2, 1) = 2                  40x100   (40 - 40 = 0, 30)
 *   BR 60x50      D 120x100 grey  max(0.5, 0.5) = 0.5            60x50    (40, 30)
 * </pre>
 */
class MosaicTest {

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    private static final Box A1 = new Box(0, 10, 20, 20, 10);
    private static final Box B1 = new Box(1, 5, 20, 10, 8);
    private static final Box B2 = new Box(1, 5, 2, 10, 6);
    private static final Box C1 = new Box(2, 4, 10, 8, 10);
    private static final Box C2 = new Box(3, 2, 20, 6, 10, true);
    private static final Box C3 = new Box(2, 0, 40, 10, 10);
    private static final Box D1 = new Box(4, 20, 40, 40, 20);

    private static List<Sample> handImages() {
        return List.of(MultiImageFixtures.boxesDrawn("a", 80, 60, 3, List.of(A1)),
                MultiImageFixtures.boxesDrawn("b", 30, 30, 3, List.of(B1, B2)),
                MultiImageFixtures.boxesDrawn("c", 20, 50, 3, List.of(C1, C2, C3)),
                MultiImageFixtures.boxesDrawn("d", 120, 100, 1, List.of(D1)));
    }

    private static Mosaic mosaic(double minArea, double minVisibility) {
        return new Mosaic(1, Mosaic.DEFAULT_CENTRE, minArea, minVisibility, 0, 0);
    }

    private static Sample applyHand(Mosaic m) {
        List<Sample> images = handImages();
        Mosaic.Params params = Mosaic.layout(100, 80, 40, 30, Mosaic.TOP_LEFT, images);
        return m.apply(images.get(0), images.subList(1, 4), params);
    }

    @Test
    void tilesAreWhereTheHandComputationPutsThem() {
        Mosaic.Params params = Mosaic.layout(100, 80, 40, 30, Mosaic.TOP_LEFT, handImages());
        List<int[]> expected = List.of(
                // source, x, y, width, height, scaledWidth, scaledHeight, offsetX, offsetY
                new int[] {0, 0, 0, 40, 30, 40, 30, 0, 0},
                new int[] {1, 40, 0, 60, 30, 60, 60, 40, -30},
                new int[] {2, 0, 30, 40, 50, 40, 100, 0, 30},
                new int[] {3, 40, 30, 60, 50, 60, 50, 40, 30});
        for (int q = 0; q < 4; q++) {
            Mosaic.Tile t = params.tiles().get(q);
            int[] e = expected.get(q);
            assertEquals(List.of(e[0], e[1], e[2], e[3], e[4], e[5], e[6], e[7], e[8]), List.of(t.source(), t.x(), t.y(),
                    t.width(), t.height(), t.scaledWidth(), t.scaledHeight(), t.offsetX(), t.offsetY()), "quadrant " + q);
        }
    }

    @Test
    void boxesAreMappedClippedAndFilteredAsComputedByHand() {
        Sample out = applyHand(mosaic(4, 0.3));
        // A1 (10,20,20,10) * 0.5            -> (5, 10, 10, 5)
        // B1 (5,20,10,8) * 2 + (40, -30)    -> (50, 10, 20, 16);  B2 -> y in [-26, -14): cropped away
        // C1 (4,10,8,10) * 2 + (0, 30)      -> (8, 50, 16, 20)
        // C2 (2,20,6,10) * 2 + (0, 30)      -> (4, 70, 12, 20), clipped at y = 80 to (4, 70, 12, 10): 120 of 240 px²
        // C3 (0,40,10,10) -> y from 110: cropped away
        // D1 (20,40,40,20) * 0.5 + (40, 30) -> (50, 50, 20, 10)
        List<Box> expected = List.of(new Box(0, 5, 10, 10, 5), new Box(1, 50, 10, 20, 16), new Box(2, 8, 50, 16, 20),
                new Box(3, 4, 70, 12, 10, true), new Box(4, 50, 50, 20, 10));
        assertEquals(expected, out.boxes());
        assertEquals(100, out.width());
        assertEquals(80, out.height());
        assertEquals(3, out.channels(), "the grey partner is converted to the sample's colour");
        assertEquals("a", out.id());
    }

    @Test
    void theBoxesPixelsLieInsideTheirOutputBoxes() {
        Sample out = applyHand(mosaic(0, 0));
        assertNull(MultiImageFixtures.boxesFollowPixels(out));
        // and a few pixels by hand: inside C1' (8..24, 50..70) bright, between boxes dark
        org.opencv.core.Mat mask = MultiImageFixtures.bright(out.image());
        assertEquals(255, MultiImageFixtures.at(mask, 60, 16));
        assertEquals(255, MultiImageFixtures.at(mask, 55, 60)); // D1' (50..70, 50..60)
        assertEquals(0, MultiImageFixtures.at(mask, 40, 30));
        assertEquals(0, MultiImageFixtures.at(mask, 5, 80));
    }

    @Test
    void aBoxWithLessVisibleThanMinVisibilityIsDropped() {
        List<Box> boxes = applyHand(mosaic(4, 0.6)).boxes();
        assertEquals(4, boxes.size(), "C2 keeps 0.5 of its area, under 0.6: " + boxes);
        assertTrue(boxes.stream().noneMatch(b -> b.classId() == 3));
        assertEquals(5, applyHand(mosaic(4, 0.5)).boxes().size(), "exactly 0.5 visible is kept at 0.5");
    }

    @Test
    void aBoxSmallerThanMinAreaIsDropped() {
        // areas after clipping: A1' 50, B1' 320, C1' 320, C2' 120, D1' 200
        List<Box> boxes = applyHand(mosaic(60, 0)).boxes();
        assertEquals(List.of(1, 2, 3, 4), boxes.stream().map(Box::classId).toList());
        assertTrue(applyHand(mosaic(321, 0)).boxes().isEmpty(), "nothing reaches 321 px²");
        assertEquals(2, applyHand(mosaic(320, 0)).boxes().size(), "320 px² is kept at min-area 320");
    }

    @Test
    void aGreySampleGetsGreyOutputWhateverItsPartners() {
        List<Sample> images = handImages();
        Sample grey = MultiImageFixtures.boxesDrawn("g", 80, 60, 1, List.of(A1));
        Mosaic.Params params = Mosaic.layout(100, 80, 40, 30, Mosaic.BOTTOM_RIGHT,
                List.of(grey, images.get(1), images.get(2), images.get(3)));
        Sample out = mosaic(0, 0).apply(grey, images.subList(1, 4), params);
        assertEquals(1, out.channels());
        assertNull(MultiImageFixtures.boxesFollowPixels(out));
    }

    @Test
    void boxesFollowThePixelsForRandomSizesChannelsAndCentres() {
        Mosaic m = new Mosaic(1, new UniformRange(0.1, 0.9), 0, 0, 0, 0);
        SplittableRandom rng = new SplittableRandom(2024);
        for (int trial = 0; trial < 40; trial++) {
            List<Sample> images = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int w = 12 + rng.nextInt(110);
                int h = 12 + rng.nextInt(110);
                List<Box> boxes = new ArrayList<>();
                for (int b = 0; b < 1 + rng.nextInt(3); b++) {
                    boxes.add(TestImages.randomBox(rng, w, h, 4, b));
                }
                images.add(MultiImageFixtures.boxesDrawn("img-" + trial + "-" + i, w, h, rng.nextBoolean() ? 3 : 1,
                        boxes));
            }
            Sample in = images.get(0);
            List<Sample> partners = images.subList(1, 4);
            Mosaic.Params params = m.sample(in, partners, new SplittableRandom(trial));
            Sample out = m.apply(in, partners, params);
            String violation = MultiImageFixtures.boxesFollowPixels(out);
            assertNull(violation, "trial " + trial + " " + params + ": " + violation);
            for (Box b : out.boxes()) {
                assertTrue(b.isInside(out.width(), out.height()), "clipped: " + b);
            }
        }
    }

    @Test
    void theCentreStaysInItsRangeAndTheSampleVisitsEveryQuadrant() {
        Mosaic m = new Mosaic(1, new UniformRange(0.25, 0.75), 4, 0.3, 64, 48);
        List<Sample> images = handImages();
        int[] quadrants = new int[4];
        for (long seed = 0; seed < 400; seed++) {
            Mosaic.Params p = m.sample(images.get(0), images.subList(1, 4), new SplittableRandom(seed));
            assertTrue(p.centreX() >= 16 && p.centreX() <= 48, "cx " + p.centreX());
            assertTrue(p.centreY() >= 12 && p.centreY() <= 36, "cy " + p.centreY());
            assertEquals(64, p.width());
            assertEquals(48, p.height());
            quadrants[p.tiles().stream().filter(t -> t.source() == 0).findFirst().orElseThrow().quadrant()]++;
        }
        for (int q = 0; q < 4; q++) {
            // 400 draws, 100 expected per quadrant; 60 is more than 4 standard deviations (8.7) below
            assertTrue(quadrants[q] > 60, "quadrant " + q + " got the sample " + quadrants[q] + " times of 400");
        }
    }

    @Test
    void aConfiguredCanvasSizeIsUsedAndBadSizesAreRefused() {
        List<Sample> images = handImages();
        Mosaic m = new Mosaic(1, Mosaic.DEFAULT_CENTRE, 4, 0.3, 50, 40);
        Sample out = m.apply(images.get(0), images.subList(1, 4),
                m.sample(images.get(0), images.subList(1, 4), new SplittableRandom(3)));
        assertEquals(50, out.width());
        assertEquals(40, out.height());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Mosaic(1, Mosaic.DEFAULT_CENTRE, 4, 0.3, 50, 0));
        assertEquals("mosaic.width and mosaic.height must both be 0 (the sample's size) or both be >= 2, got 50 and 0",
                e.getMessage());
        Sample tiny = new Sample("tiny", TestImages.noise(1, 5, 1, 1), List.of(), Sample.NO_LABEL);
        InvalidSampleException bad = assertThrows(InvalidSampleException.class,
                () -> mosaic(4, 0.3).sample(tiny, images.subList(1, 4), new SplittableRandom(1)));
        assertTrue(bad.getMessage().startsWith("sample 'tiny': mosaic needs a canvas of at least 2x2 px, got 1x5"),
                bad.getMessage());
    }

    @Test
    void theWrongNumberOfPartnersIsRefused() {
        List<Sample> images = handImages();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> mosaic(4, 0.3).sample(images.get(0), images.subList(1, 3), new SplittableRandom(1)));
        assertEquals("mosaic takes 3 partners, got 2", e.getMessage());
    }
}
