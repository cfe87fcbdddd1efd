package io.augflow.augment.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.augflow.augment.Box;
import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.augment.testing.TestImages;
import io.augflow.augment.transform.geometric.Affine;
import io.augflow.augment.transform.geometric.AffineMap;
import io.augflow.augment.transform.geometric.Rotate;
import io.augflow.augment.transform.geometric.VerticalFlip;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.imgproc.Imgproc;

/**
 * Cases where the pixels are known exactly, which pin the coordinate conventions (pixel centres vs
 * pixel edges) that the 2-pixel tolerance of the property test cannot see.
 */
class GeometryExactnessTest {
    private static final TransformRegistry REGISTRY = TransformRegistry.builtIn();

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    private static Sample sample(Mat image, Box... boxes) {
        return new Sample("exact", image, List.of(boxes), Sample.NO_LABEL);
    }

    @Test
    void verticalFlipTwiceGivesTheOriginalBytesAndBoxes() {
        Box box = new Box(2, 3, 5, 10, 7);
        Sample in = sample(TestImages.noise(33, 21, 3, 4), box);
        VerticalFlip flip = new VerticalFlip(1);
        Sample once = flip.apply(in, new VerticalFlip.Params());
        assertEquals(new Box(2, 3, 21 - 5 - 7, 10, 7), once.boxes().get(0));
        Sample twice = flip.apply(once, new VerticalFlip.Params());
        assertArrayEquals(TestImages.bytes(in.image()), TestImages.bytes(twice.image()));
        assertEquals(in.boxes(), twice.boxes());
    }

    @Test
    void rotationBy90OfASquareImageIsExactlyCoreRotate() {
        Mat image = TestImages.noise(40, 40, 1, 8);
        Box box = new Box(0, 4, 6, 10, 20);
        Rotate rotate = (Rotate) REGISTRY.parse("type = rotate, p = 1, limit = [90, 90], interpolation = nearest");
        Sample out = rotate.apply(sample(image, box), new Rotate.Params(90));
        Mat expected = new Mat();
        Core.rotate(image, expected, Core.ROTATE_90_COUNTERCLOCKWISE);
        assertArrayEquals(TestImages.bytes(expected), TestImages.bytes(out.image()));
        // counter-clockwise by 90: (x, y) -> (y, W - x); the box's x-range [4, 14) becomes rows [26, 36)
        Box moved = out.boxes().get(0);
        assertEquals(6, moved.x(), 1e-4);
        assertEquals(26, moved.y(), 1e-4);
        assertEquals(20, moved.w(), 1e-4);
        assertEquals(10, moved.h(), 1e-4);
    }

    @Test
    void rotationMapMatchesOpenCvsRotationMatrix() {
        for (double angle : new double[] {-170, -45, 0, 12.5, 90, 133}) {
            // OpenCV's centre is in pixel-centre coordinates: ((W - 1) / 2, (H - 1) / 2) is our (W / 2, H / 2).
            AffineMap cv = AffineMap.fromCvMatrix(Imgproc.getRotationMatrix2D(new Point(29.5, 19.5), angle, 1));
            AffineMap ours = Rotate.map(angle, 60, 40);
            assertEquals(cv.a(), ours.a(), 1e-9, "angle " + angle);
            assertEquals(cv.b(), ours.b(), 1e-9, "angle " + angle);
            assertEquals(cv.c(), ours.c(), 1e-9, "angle " + angle);
            assertEquals(cv.d(), ours.d(), 1e-9, "angle " + angle);
            assertEquals(cv.tx(), ours.tx(), 1e-9, "angle " + angle);
            assertEquals(cv.ty(), ours.ty(), 1e-9, "angle " + angle);
        }
    }

    @Test
    void wholePixelTranslationShiftsBytesAndBoxesExactly() {
        Mat image = TestImages.noise(64, 32, 3, 2);
        Box box = new Box(1, 5, 4, 10, 8);
        Affine affine = (Affine) REGISTRY.parse("type = affine, p = 1, scale = 1, translate = 0");
        // tx = 0.25 of 64 = 16 px, ty = 0.125 of 32 = 4 px
        Sample out = affine.apply(sample(image, box), new Affine.Params(1, 0.25, 0.125, 0, 0));
        assertEquals(new Box(1, 21, 8, 10, 8), out.boxes().get(0));
        Mat shiftedPart = out.image().submat(4, 32, 16, 64);
        Mat originalPart = image.submat(0, 28, 0, 48);
        assertArrayEquals(TestImages.bytes(originalPart), TestImages.bytes(shiftedPart));
    }

    @Test
    void letterboxCentresTheScaledImageOnTheFill() {
        Mat image = TestImages.noise(40, 20, 1, 3);
        Transform<?> letterbox = REGISTRY.parse("type = letterbox, p = 1, width = 80, height = 80, fill = 114");
        Sample out = letterbox.apply(sample(image, new Box(0, 10, 5, 20, 10)),
                new java.util.SplittableRandom(0), AugmentationTrace.NONE);
        assertEquals(80, out.width());
        assertEquals(80, out.height());
        assertEquals(new Box(0, 20, 30, 40, 20), out.boxes().get(0)); // scale 2, then 20 rows of border on top
        assertEquals(114, (int) out.image().get(0, 0)[0]);
        assertEquals(114, (int) out.image().get(79, 79)[0]);
    }
}
