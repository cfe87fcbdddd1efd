package io.augflow.augment.copypaste;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.Box;
import io.augflow.augment.NoiseImages;
import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.augment.copypaste.CopyPasteTransform.Origin;
import io.augflow.augment.copypaste.CopyPasteTransform.Params;
import io.augflow.augment.copypaste.CopyPasteTransform.Placement;
import io.augflow.augment.transform.AugmentationTrace;
import io.augflow.augment.transform.TransformRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;

class CopyPasteTransformTest {
    private static final TransformRegistry REGISTRY = TransformRegistry.builtIn();

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    private static CopyPasteTransform parse(String settings) {
        return (CopyPasteTransform) REGISTRY.parse("type = copy-paste, p = 1, " + settings);
    }

    /** A 120x100 colour image with two small objects and one large one. */
    private static Sample scene(long seed) {
        List<Box> boxes = List.of(new Box(0, 5, 5, 12, 10), new Box(1, 60.4f, 30.6f, 8, 9),
                new Box(2, 20, 50, 60, 40));
        return new Sample("scene-" + seed, NoiseImages.noise(100, 120, 3, seed), boxes, Sample.NO_LABEL);
    }

    private static DonorBank bank(int channels, int... classes) {
        List<Donor> donors = new ArrayList<>();
        for (int i = 0; i < classes.length; i++) {
            donors.add(new Donor("donor-" + i, classes[i], NoiseImages.noise(6 + i % 5, 9 - i % 4, channels, 100 + i)));
        }
        return DonorBank.of(donors);
    }

    private static List<Box> placedBoxes(Params params) {
        return params.placements().stream().map(Placement::box).toList();
    }

    @Test
    void pastedBoxesNeverOverlapEarlierBoxesBeyondTheThreshold() {
        DonorBank donors = bank(3, 0, 1, 2, 3, 1, 0);
        for (double threshold : new double[] {0, 0.3}) {
            CopyPasteTransform t = parse("max-overlap = " + threshold + ", max-objects = 12, copies = [1, 4]")
                    .withBank(donors);
            int pastedTotal = 0;
            List<Sample> scenes = List.of(scene(0), scene(1), scene(2));
            for (long seed = 0; seed < 300; seed++) {
                Sample in = scenes.get((int) (seed % 3));
                Params params = t.sample(in, new SplittableRandom(seed));
                List<Box> before = new ArrayList<>(in.boxes());
                for (Box p : placedBoxes(params)) {
                    assertTrue(p.isInside(in.width(), in.height()), () -> "inside the image: " + p);
                    for (Box other : before) {
                        long s = seed;
                        assertTrue(p.intersectionArea(other) <= threshold * p.area() + 1e-6,
                                () -> "seed " + s + ": " + p + " overlaps " + other);
                    }
                    before.add(p);
                }
                assertTrue(params.placements().size() <= 12);
                pastedTotal += params.placements().size();
            }
            assertTrue(pastedTotal > 300, "the property was exercised: " + pastedTotal + " pastes");
        }
    }

    @Test
    void hardPastedPixelsEqualTheDonorsAndTheCountMatchesTheParams() {
        DonorBank donors = bank(3, 0, 1, 2);
        CopyPasteTransform t = parse("scale = 1, flip = false, blend = hard, source = both").withBank(donors);
        for (long seed = 0; seed < 50; seed++) {
            Sample in = scene(seed);
            Params params = t.sample(in, new SplittableRandom(seed));
            Sample out = t.apply(in, params);
            assertEquals(params.placements().size(), out.boxes().stream().filter(Box::pasted).count());
            assertEquals(in.boxes(), out.boxes().subList(0, in.boxes().size()), "existing boxes kept, first");
            for (Placement pl : params.placements()) {
                Mat source = pl.origin() == Origin.BANK
                        ? donors.all().get(pl.index()).patch()
                        : in.image().submat(CopyPasteTransform.crop(in.boxes().get(pl.index()), in.width(), in.height()));
                Mat pasted = out.image().submat(new Rect(pl.x(), pl.y(), pl.width(), pl.height()));
                assertArrayEquals(NoiseImages.bytes(source), NoiseImages.bytes(pasted), pl.toString());
                assertTrue(out.boxes().contains(pl.box()));
            }
        }
    }

    @Test
    void sameImageSourceCopiesOnlySmallObjects() {
        CopyPasteTransform t = parse("source = same-image, small-area = 200");
        for (long seed = 0; seed < 100; seed++) {
            Params params = t.sample(scene(0), new SplittableRandom(seed));
            for (Placement pl : params.placements()) {
                assertEquals(Origin.SAME_IMAGE, pl.origin());
                assertTrue(pl.index() == 0 || pl.index() == 1, "box 2 (60x40) is not small");
                assertEquals(pl.index(), pl.classId());
            }
        }
        CopyPasteTransform byFraction = parse("source = same-image, small-area = 0, small-area-fraction = 0.005");
        for (long seed = 0; seed < 50; seed++) {
            for (Placement pl : byFraction.sample(scene(0), new SplittableRandom(seed)).placements()) {
                assertEquals(1, pl.index(), "only the 8x9 box is below 0.5% of 120x100");
            }
        }
    }

    @Test
    void aCrowdRegionIsNeverADonor() {
        CopyPasteTransform t = parse("source = same-image, small-area = 200, max-objects = 4");
        List<Box> boxes = List.of(new Box(0, 5, 5, 12, 10, false, true), new Box(1, 60.4f, 30.6f, 8, 9),
                new Box(2, 20, 50, 60, 40));
        Sample withCrowd = new Sample("crowd", NoiseImages.noise(100, 120, 3, 4), boxes, Sample.NO_LABEL);
        int pasted = 0;
        for (long seed = 0; seed < 100; seed++) {
            for (Placement pl : t.sample(withCrowd, new SplittableRandom(seed)).placements()) {
                assertEquals(1, pl.index(), "box 0 is small but a crowd region, box 2 is not small");
                assertFalse(pl.box().crowd(), "a pasted copy is an object, not a crowd region");
                pasted++;
            }
        }
        assertTrue(pasted > 0, "the one small, non-crowd box is copied");
        Sample onlyCrowd = new Sample("only-crowd", NoiseImages.noise(100, 120, 3, 4),
                List.of(new Box(0, 5, 5, 12, 10, false, true)), Sample.NO_LABEL);
        for (long seed = 0; seed < 20; seed++) {
            assertEquals(List.of(), t.sample(onlyCrowd, new SplittableRandom(seed)).placements());
        }
    }

    @Test
    void noSmallObjectsAndAnEmptyBankLeaveTheSampleUnchanged() {
        Sample in = new Sample("big", NoiseImages.noise(50, 60, 3, 1), List.of(new Box(0, 0, 0, 40, 40)), 3);
        byte[] before = NoiseImages.bytes(in.image());
        CopyPasteTransform t = parse("source = both");
        for (long seed = 0; seed < 20; seed++) {
            Sample out = t.apply(in, new SplittableRandom(seed), AugmentationTrace.NONE);
            assertSame(in, out);
            assertArrayEquals(before, NoiseImages.bytes(out.image()));
            assertEquals(in.boxes(), out.boxes());
        }
    }

    @Test
    void rareClassBiasFavoursRareDonorClasses() {
        DonorBank skewed = bank(3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1); // class 1 is 1 donor in 10
        Sample empty = new Sample("e", NoiseImages.noise(64, 64, 3, 2), List.of(), Sample.NO_LABEL);
        int trials = 2000;
        double[] rareShare = new double[2];
        double[] biases = {0, 1};
        for (int b = 0; b < 2; b++) {
            CopyPasteTransform t = parse("source = bank, max-objects = 1, copies = 1, rare-class-bias = " + biases[b])
                    .withBank(skewed);
            int rare = 0;
            for (int seed = 0; seed < trials; seed++) {
                Params params = t.sample(empty, new SplittableRandom(seed));
                assertEquals(1, params.placements().size());
                rare += params.placements().get(0).classId() == 1 ? 1 : 0;
            }
            rareShare[b] = rare / (double) trials;
        }
        // Expected 0.1 without bias and 0.5 with bias 1 (each class equally likely).
        assertEquals(0.1, rareShare[0], 0.04, "uniform over donors");
        assertEquals(0.5, rareShare[1], 0.06, "bias 1 balances the classes");
    }

    @Test
    void featherStaysBetweenTheTwoSources() {
        DonorBank donors = bank(3, 0, 1, 2, 3);
        CopyPasteTransform t = parse("source = bank, scale = 1, flip = false, blend = feather, feather-sigma = 1.5")
                .withBank(donors);
        for (long seed = 0; seed < 30; seed++) {
            Sample in = scene(seed);
            Params params = t.sample(in, new SplittableRandom(seed));
            Sample out = t.apply(in, params);
            boolean someMix = false;
            for (Placement pl : params.placements()) {
                Rect r = new Rect(pl.x(), pl.y(), pl.width(), pl.height());
                byte[] a = NoiseImages.bytes(in.image().submat(r));
                byte[] b = NoiseImages.bytes(donors.all().get(pl.index()).patch());
                byte[] o = NoiseImages.bytes(out.image().submat(r));
                for (int i = 0; i < o.length; i++) {
                    int lo = Math.min(a[i] & 0xff, b[i] & 0xff);
                    int hi = Math.max(a[i] & 0xff, b[i] & 0xff);
                    int pixel = i;
                    assertTrue((o[i] & 0xff) >= lo && (o[i] & 0xff) <= hi, () -> "pixel " + pixel + " of " + pl);
                    someMix |= (o[i] & 0xff) != (b[i] & 0xff);
                }
            }
            if (!params.placements().isEmpty()) {
                assertTrue(someMix, "feathered edges mix the two sources");
            }
        }
    }

    @Test
    void anExistingBoxCoveredBeyondMaxCoveredIsDropped() {
        Mat image = new Mat(60, 60, CvType.CV_8UC1, new Scalar(0));
        Box small = new Box(4, 12, 12, 5, 5);
        Box half = new Box(5, 20, 30, 10, 10);
        Sample in = new Sample("s", image, List.of(small, half), Sample.NO_LABEL);
        DonorBank donors = DonorBank.of(List.of(new Donor("d", 7, new Mat(20, 20, CvType.CV_8UC1, new Scalar(255)))));
        CopyPasteTransform t = parse("max-overlap = 1, max-covered = 0.5").withBank(donors);
        // The paste covers all of `small` and 40% of `half`.
        Placement pl = new Placement(Origin.BANK, 0, 7, 10, 10, 20, 24, 1.2, false);
        Sample out = t.apply(in, new Params(List.of(pl)));
        assertEquals(List.of(half, pl.box()), out.boxes());
        assertEquals(255, (int) out.image().get(33, 25)[0], "the patch, stretched to 20x24");
    }

    @Test
    void greyDonorsPasteIntoColourImages() {
        DonorBank greyDonors = bank(1, 3, 4);
        CopyPasteTransform t = parse("source = bank, scale = [0.5, 2.0]").withBank(greyDonors);
        Sample in = scene(1);
        for (long seed = 0; seed < 20; seed++) {
            Sample out = t.apply(in, new SplittableRandom(seed), AugmentationTrace.NONE);
            assertEquals(3, out.channels());
            assertEquals(in.width(), out.width());
        }
    }

    @Test
    void sameSeedSameDraw() {
        CopyPasteTransform t = parse("").withBank(bank(3, 0, 1, 2));
        Sample in = scene(4);
        for (long seed = 0; seed < 20; seed++) {
            Sample a = t.apply(in, new SplittableRandom(seed), AugmentationTrace.NONE);
            Sample b = t.apply(in, new SplittableRandom(seed), AugmentationTrace.NONE);
            assertArrayEquals(NoiseImages.bytes(a.image()), NoiseImages.bytes(b.image()));
            assertEquals(a.boxes(), b.boxes());
        }
        assertFalse(t.sample(in, new SplittableRandom(1)).placements().isEmpty());
    }

    @Test
    void badConfigNamesTheKeyAndValue() {
        assertEquals("copy-paste.max-overlap must be in [0, 1], got 1.5",
                assertThrows(IllegalArgumentException.class, () -> parse("max-overlap = 1.5")).getMessage());
        String source = assertThrows(IllegalArgumentException.class, () -> parse("source = elsewhere")).getMessage();
        assertTrue(source.startsWith("copy-paste.source must be one of [") && source.endsWith("], got 'elsewhere'")
                && source.contains("same-image") && source.contains("bank") && source.contains("both"), source);
        assertEquals("copy-paste.copies must be a range within [1, 100] with low <= high, got [0, 3]",
                assertThrows(IllegalArgumentException.class, () -> parse("copies = [0, 3]")).getMessage());
        assertEquals("copy-paste.feather-sigma must be in [0.1, 50], got 0",
                assertThrows(IllegalArgumentException.class, () -> parse("feather-sigma = 0")).getMessage());
    }
}
