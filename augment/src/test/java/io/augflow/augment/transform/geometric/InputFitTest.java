package io.augflow.augment.transform.geometric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/** Expected geometry computed by hand from the Javadoc formulas; pixels checked where the policy fixes them. */
class InputFitTest {

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    private static Sample sample(Mat image, Box... boxes) {
        return new Sample("fit", image, List.of(boxes), 3);
    }

    @Test
    void aSampleOfTheInputSizeIsReturnedAsItIs() {
        Sample in = sample(TestImages.noise(20, 10, 3, 1));
        for (ResizePolicy policy : ResizePolicy.values()) {
            assertSame(in, new InputFit(new InputSize(20, 10, 3), policy).apply(in));
        }
    }

    @Test
    void resizeScalesEachSideAndConvertsGreyToColour() {
        Sample in = sample(TestImages.noise(40, 20, 1, 2), new Box(1, 10, 4, 8, 6));
        Sample out = new InputFit(new InputSize(20, 20, 3), ResizePolicy.RESIZE).apply(in);
        assertEquals(20, out.width());
        assertEquals(20, out.height());
        assertEquals(3, out.channels());
        // x' = x * 20 / 40, y' = y * 20 / 20
        assertEquals(new Box(1, 5, 4, 4, 6), out.boxes().get(0));
        assertEquals(3, out.label().getAsInt(), "the label travels with the sample");
    }

    @Test
    void letterboxKeepsTheAspectRatioAndPadsWithGrey() {
        Mat image = new Mat(20, 40, CvType.CV_8UC3, new Scalar(200, 200, 200));
        Sample in = sample(image, new Box(0, 10, 4, 8, 6));
        Sample out = new InputFit(new InputSize(20, 20, 3), ResizePolicy.LETTERBOX).apply(in);
        // s = min(20/40, 20/20) = 0.5 -> 20x10, top = (20 - 10) / 2 = 5
        assertEquals(new Box(0, 5, 4 * 0.5f + 5, 4, 3), out.boxes().get(0));
        assertEquals(114.0, out.image().get(0, 10)[0], "padding above");
        assertEquals(114.0, out.image().get(19, 10)[0], "padding below");
        assertEquals(200.0, out.image().get(10, 10)[0], "the image itself");
    }

    @Test
    void centerCropCoversTheWindowAndDropsBoxesOutsideIt() {
        Sample in = sample(TestImages.noise(40, 20, 3, 3), new Box(0, 0, 0, 5, 5), new Box(1, 15, 5, 10, 10),
                new Box(2, 25, 0, 10, 10));
        Sample out = new InputFit(new InputSize(20, 20, 3), ResizePolicy.CENTER_CROP).apply(in);
        // s = max(20/40, 20/20) = 1: no scaling, window x in [10, 30)
        assertEquals(List.of(new Box(1, 5, 5, 10, 10), new Box(2, 15, 0, 5, 10)), out.boxes());
        assertEquals(20, out.width());
        assertEquals(20, out.height());
    }

    @Test
    void colourBecomesGreyWithOpenCvWeights() {
        Mat image = new Mat(8, 8, CvType.CV_8UC3, new Scalar(0, 0, 255)); // pure red in BGR
        Sample out = new InputFit(new InputSize(8, 8, 1), ResizePolicy.RESIZE).apply(sample(image));
        assertEquals(1, out.channels());
        assertEquals(76.0, out.image().get(3, 3)[0], 1.0, "0.299 * 255"); // ITU-R BT.601 luma
    }

    /**
     * Property: whatever the sizes, every policy gives the input size, and a bright block under a box is still
     * under the mapped box (resize and letterbox keep every box).
     */
    @Test
    void boxesFollowTheirPixelsForEverySizeAndPolicy() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int trial = 0; trial < 60; trial++) {
            int w = 16 + rng.nextInt(120);
            int h = 16 + rng.nextInt(120);
            Mat image = Mat.zeros(h, w, CvType.CV_8UC1);
            int bx = rng.nextInt(w - 10);
            int by = rng.nextInt(h - 10);
            Imgproc.rectangle(image, new Point(bx, by), new Point(bx + 9, by + 9), new Scalar(255), -1);
            Sample in = sample(image, new Box(0, bx, by, 10, 10));
            InputSize size = new InputSize(32 + rng.nextInt(40), 32 + rng.nextInt(40), 1);
            for (ResizePolicy policy : List.of(ResizePolicy.RESIZE, ResizePolicy.LETTERBOX)) {
                Sample out = new InputFit(size, policy).apply(in);
                assertEquals(size.width(), out.width(), policy + " width");
                assertEquals(size.height(), out.height(), policy + " height");
                Box b = out.boxes().get(0);
                int cx = (int) (b.x() + b.w() / 2);
                int cy = (int) (b.y() + b.h() / 2);
                assertTrue(out.image().get(cy, cx)[0] > 100, policy + " " + w + "x" + h + " -> " + size
                        + ": the block's centre left its box " + b);
            }
        }
    }

    @Test
    void badSizesAndPolicyNamesAreRefusedNamingTheRule() {
        assertThrows(IllegalArgumentException.class, () -> new InputSize(0, 10, 3));
        assertThrows(IllegalArgumentException.class, () -> new InputSize(10, 10, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResizePolicy.fromKey("stretch", "augflow.model.resize"));
        assertTrue(e.getMessage().contains("augflow.model.resize must be one of [letterbox, resize, center-crop]"),
                e.getMessage());
        assertEquals(ResizePolicy.CENTER_CROP, ResizePolicy.fromKey("center-crop", "x"));
    }
}
