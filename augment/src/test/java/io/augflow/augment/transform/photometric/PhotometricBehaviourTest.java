package io.augflow.augment.transform.photometric;

import static io.augflow.augment.NoiseImages.at;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.Box;
import io.augflow.augment.NoiseImages;
import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.augment.random.UniformIntRange;
import io.augflow.augment.random.UniformRange;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/** What each photometric transform does to pixel values, checked against its documented formula. */
class PhotometricBehaviourTest {
    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    private static Sample sample(Mat image, Box... boxes) {
        return new Sample("s", image, List.of(boxes), Sample.NO_LABEL);
    }

    @Test
    void brightnessContrastFollowsTheLinearFormulaAndSaturates() {
        Mat image = NoiseImages.noise(8, 9, 3, 5);
        BrightnessContrast t = new BrightnessContrast(1, UniformRange.fixed(0.1), UniformRange.fixed(0.5));
        Mat out = t.apply(sample(image), new BrightnessContrast.Params(0.1, 0.5)).image();
        for (int r = 0; r < 8; r++) {
            for (int c = 0; c < 9; c++) {
                for (int ch = 0; ch < 3; ch++) {
                    long expected = Math.round(at(image, r, c, ch) * 1.5 + 25.5);
                    assertEquals(Math.min(255, expected), at(out, r, c, ch), 1.0);
                }
            }
        }
    }

    @Test
    void hsvOnGreyAppliesOnlyTheValueShift() {
        Mat grey = NoiseImages.noise(6, 7, 1, 3);
        HsvShift t = new HsvShift(1, UniformRange.fixed(90), UniformRange.fixed(50), UniformRange.fixed(-20));
        Mat out = t.apply(sample(grey), new HsvShift.Params(90, 50, -20)).image();
        for (int r = 0; r < 6; r++) {
            for (int c = 0; c < 7; c++) {
                assertEquals(Math.max(0, at(grey, r, c, 0) - 20), at(out, r, c, 0));
            }
        }
    }

    @Test
    void hueWrapsRoundTheColourCircle() {
        // Pure red (hue 0); -120 degrees wraps to 240 degrees, which is pure blue.
        Mat red = new Mat(4, 4, CvType.CV_8UC3, new Scalar(0, 0, 255));
        HsvShift t = new HsvShift(1, UniformRange.fixed(-120), UniformRange.fixed(0), UniformRange.fixed(0));
        Mat out = t.apply(sample(red), new HsvShift.Params(-120, 0, 0)).image();
        Mat hsv = new Mat();
        Imgproc.cvtColor(out, hsv, Imgproc.COLOR_BGR2HSV);
        assertEquals(120, at(hsv, 1, 1, 0), 1.0, "hue in OpenCV units (degrees / 2)");
        assertTrue(at(out, 1, 1, 0) >= 250 && at(out, 1, 1, 2) <= 5, "red became blue");
    }

    @Test
    void gammaFollowsThePowerLawAndKeepsTheEnds() {
        Mat image = new Mat(1, 256, CvType.CV_8UC1);
        byte[] ramp = new byte[256];
        for (int i = 0; i < 256; i++) {
            ramp[i] = (byte) i;
        }
        image.put(0, 0, ramp);
        Mat out = new Gamma(1, UniformRange.fixed(2)).apply(sample(image), new Gamma.Params(2.0)).image();
        for (int i = 0; i < 256; i++) {
            assertEquals(Math.round(255 * Math.pow(i / 255.0, 2)), at(out, 0, i, 0));
        }
    }

    @Test
    void blurKernelIsOddAndGrowsWithSigma() {
        double previous = 0;
        for (double s = 0.1; s <= 10; s += 0.37) {
            int k = GaussianBlur.kernelSize(s);
            assertEquals(1, k % 2, "odd for sigma " + s);
            assertTrue(k >= 6 * s, "holds 3 sigma each side for sigma " + s);
            assertTrue(k >= previous);
            previous = k;
        }
    }

    @Test
    void blurOfAConstantImageIsTheSameConstant() {
        Mat flat = new Mat(20, 20, CvType.CV_8UC3, new Scalar(10, 100, 200));
        Mat out = new GaussianBlur(1, UniformRange.fixed(2)).apply(sample(flat), new GaussianBlur.Params(2)).image();
        assertArrayEquals(NoiseImages.bytes(flat), NoiseImages.bytes(out));
    }

    @Test
    void noiseHasTheDrawnMeanAndStd() {
        Mat grey = new Mat(100, 100, CvType.CV_8UC1, new Scalar(128));
        GaussianNoise t = new GaussianNoise(1, UniformRange.fixed(10), UniformRange.fixed(5));
        Mat out = t.apply(sample(grey), new GaussianNoise.Params(5, 10, 42)).image();
        byte[] b = NoiseImages.bytes(out);
        double sum = 0;
        double sq = 0;
        for (byte v : b) {
            double d = (v & 0xff) - 128;
            sum += d;
            sq += d * d;
        }
        double mean = sum / b.length;
        double std = Math.sqrt(sq / b.length - mean * mean);
        assertEquals(5, mean, 0.3);
        assertEquals(10, std, 0.3);
        Mat zero = t.apply(sample(grey), new GaussianNoise.Params(0, 0, 42)).image();
        assertArrayEquals(NoiseImages.bytes(grey), NoiseImages.bytes(zero), "std 0 and mean 0 is the identity");
    }

    @Test
    void claheOnColourKeepsGreyPixelsGrey() {
        // A grey-level colour image has a = b = 0 in Lab; equalising L only must keep it grey.
        Mat grey = NoiseImages.noise(32, 32, 1, 9);
        Mat colour = new Mat();
        Imgproc.cvtColor(grey, colour, Imgproc.COLOR_GRAY2BGR);
        Mat out = new Clahe(1, UniformRange.fixed(2), 4).apply(sample(colour), new Clahe.Params(2)).image();
        for (int r = 0; r < 32; r += 3) {
            for (int c = 0; c < 32; c += 3) {
                assertEquals(at(out, r, c, 0), at(out, r, c, 1), 2.0);
                assertEquals(at(out, r, c, 1), at(out, r, c, 2), 2.0);
            }
        }
    }

    @Test
    void cutoutFillsHolesAndDropsMostlyErasedBoxes() {
        Mat image = new Mat(100, 100, CvType.CV_8UC3, new Scalar(200, 200, 200));
        Box hidden = new Box(1, 10, 10, 20, 20);       // 90% under the holes (two overlapping holes)
        Box partly = new Box(2, 40, 40, 20, 20);       // 50% under a hole
        Box edge = new Box(3, 60, 0, 10, 10);          // 80% under a hole: visible 0.2 < 0.25
        Box free = new Box(4, 80, 80, 10, 10);         // untouched
        Cutout t = new Cutout(1, new UniformIntRange(1, 1), UniformRange.fixed(0.1), 7, 0.25);
        List<Cutout.Hole> holes = List.of(
                new Cutout.Hole(10, 10, 20, 15), new Cutout.Hole(10, 15, 18, 15), // union covers 20x15 + 18x5 = 390
                new Cutout.Hole(40, 40, 10, 20),
                new Cutout.Hole(60, 2, 10, 8));
        Sample out = t.apply(sample(image, hidden, partly, edge, free), new Cutout.Params(holes));
        assertEquals(List.of(partly, free), out.boxes());
        assertEquals(7, at(out.image(), 12, 12, 0));
        assertEquals(7, at(out.image(), 59, 49, 2));
        assertEquals(200, at(out.image(), 59, 50, 2));
        assertEquals(200, at(out.image(), 85, 85, 1));
    }

    @Test
    void cutoutHolesLieInsideTheImage() {
        Cutout t = new Cutout(1, new UniformIntRange(1, 5), new UniformRange(0.05, 1.0), 0, 0.25);
        Sample in = sample(NoiseImages.noise(13, 29, 1, 1));
        for (long seed = 0; seed < 200; seed++) {
            for (Cutout.Hole h : t.sample(in, new java.util.SplittableRandom(seed)).holes()) {
                assertTrue(h.x() >= 0 && h.y() >= 0 && h.width() >= 1 && h.height() >= 1
                        && h.x() + h.width() <= 29 && h.y() + h.height() <= 13, h.toString());
            }
        }
    }
}
