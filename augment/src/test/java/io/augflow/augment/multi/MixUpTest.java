package io.augflow.augment.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.Box;
import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.augment.testing.TestImages;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

/** MixUp's pixels against {@code lambda a + (1 - lambda) b} computed here, its boxes, and its lambda's spread. */
class MixUpTest {

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    private static final MixUp MIXUP = new MixUp(1, 8);

    @Test
    void pixelsAreTheWeightedSumOfBothImagesWithinRounding() {
        Sample a = new Sample("a", TestImages.noise(40, 30, 3, 1), List.of(new Box(0, 1, 2, 10, 8)), Sample.NO_LABEL);
        Sample b = new Sample("b", TestImages.noise(40, 30, 3, 2), List.of(new Box(1, 20, 10, 5, 5)), Sample.NO_LABEL);
        for (long seed = 0; seed < 5; seed++) {
            MixUp.Params params = MIXUP.sample(a, List.of(b), new SplittableRandom(seed));
            Sample out = MIXUP.apply(a, List.of(b), params);
            byte[] pa = TestImages.bytes(a.image());
            byte[] pb = TestImages.bytes(b.image());
            byte[] po = TestImages.bytes(out.image());
            double lambda = params.lambda();
            for (int i = 0; i < po.length; i++) {
                double expected = lambda * (pa[i] & 0xff) + (1 - lambda) * (pb[i] & 0xff);
                assertTrue(Math.abs((po[i] & 0xff) - expected) <= 0.5 + 1e-9,
                        "byte " + i + ": " + (po[i] & 0xff) + " vs " + expected + " (lambda " + lambda + ")");
            }
        }
    }

    @Test
    void aPartnerOfAnotherSizeAndChannelCountIsConvertedAndResizedAndItsBoxesScaled() {
        Sample a = new Sample("a", TestImages.noise(100, 50, 3, 3), List.of(new Box(0, 1, 2, 10, 8)), 4);
        // a uniform grey partner: whatever the interpolation, the resized partner is 200 everywhere
        Mat flat = new Mat(25, 50, CvType.CV_8UC1, new Scalar(200));
        Sample b = new Sample("b", flat, List.of(new Box(2, 10, 5, 20, 10, true)), Sample.NO_LABEL);
        MixUp.Params params = new MixUp.Params(0.25, "b");
        Sample out = MIXUP.apply(a, List.of(b), params);
        assertEquals(3, out.channels());
        assertEquals(100, out.width());
        assertEquals(50, out.height());
        byte[] pa = TestImages.bytes(a.image());
        byte[] po = TestImages.bytes(out.image());
        for (int i = 0; i < po.length; i++) {
            double expected = 0.25 * (pa[i] & 0xff) + 0.75 * 200;
            assertTrue(Math.abs((po[i] & 0xff) - expected) <= 0.5 + 1e-9, "byte " + i);
        }
        // the partner is scaled by 100/50 = 2 and 50/25 = 2: (10, 5, 20, 10) -> (20, 10, 40, 20)
        assertEquals(List.of(new Box(0, 1, 2, 10, 8), new Box(2, 20, 10, 40, 20, true)), out.boxes());
        assertEquals("a", out.id());
        assertEquals(4, out.label().getAsInt(), "the sample's label is kept (no soft labels)");
    }

    @Test
    void lambdaIsBetaDistributedWithTheConfiguredAlpha() {
        Sample a = new Sample("a", TestImages.noise(8, 8, 1, 1), List.of(), Sample.NO_LABEL);
        int n = 20_000;
        double sum = 0;
        double sumSq = 0;
        for (long seed = 0; seed < n; seed++) {
            double l = MIXUP.sample(a, List.of(a), new SplittableRandom(seed)).lambda();
            assertTrue(l >= 0 && l <= 1);
            sum += l;
            sumSq += l * l;
        }
        double mean = sum / n;
        double variance = sumSq / n - mean * mean;
        // Beta(8, 8): mean 1/2, variance 1 / (4 (2 * 8 + 1)) = 1/68
        assertEquals(0.5, mean, 0.005);
        assertEquals(1.0 / 68, variance, 0.001);
    }

    @Test
    void theSampleAsItsOwnPartnerKeepsItsPixelsAndItsBoxesOnce() {
        Sample a = new Sample("a", TestImages.noise(20, 10, 3, 4), List.of(new Box(0, 1, 1, 5, 5)), Sample.NO_LABEL);
        Sample out = MIXUP.apply(a, List.of(a), new MixUp.Params(0.4, "a"));
        assertEquals(a.boxes(), out.boxes());
        assertTrue(java.util.Arrays.equals(TestImages.bytes(a.image()), TestImages.bytes(out.image())));
        assertTrue(out.image() != a.image(), "a new image, not the input's");
    }

    @Test
    void badValuesNameTheKey() {
        assertEquals("mixup.alpha must be in [0.01, 1000], got 0",
                assertThrows(IllegalArgumentException.class, () -> new MixUp(1, 0)).getMessage());
        assertEquals("mixup.p must be in [0, 1], got 2",
                assertThrows(IllegalArgumentException.class, () -> new MixUp(2, 8)).getMessage());
    }
}
