package io.augflow.augment.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.Box;
import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.augment.testing.TestImages;
import io.augflow.augment.transform.geometric.RandomResizedCrop;
import io.augflow.augment.transform.geometric.Rotate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opencv.core.Mat;
import org.opencv.core.Rect;

/**
 * The property every geometric transform must have: a box moves with the pixels it covers. For many
 * seeds, one box is drawn as a filled mask; the image and the mask go through the transform with the
 * same drawn parameters, and the transformed box must match the mask's bounding rectangle.
 * Transforms are built with {@code nearest} interpolation and a zero fill so the mask stays a mask.
 */
class BoxesFollowPixelsTest {
    private static final int SEEDS = 200;
    /** Pixels of disagreement allowed: nearest sampling may lose or gain a pixel at each edge. */
    private static final double TOLERANCE = 2.0;
    private static final TransformRegistry REGISTRY = TransformRegistry.builtIn();

    /** What the transformed box is compared with. */
    enum Check {
        /** The visible part of the box is the mask's bounding rectangle (axis-aligned maps: clipping commutes). */
        EXACT,
        /**
         * The visible part of the box contains the mask's bounding rectangle, and equals it when the whole
         * box is inside the image. (A rotated object cut by the image edge has a smaller visible bounding
         * rectangle than its clipped box: boxes are not re-fitted to pixels.)
         */
        CONTAINS,
        /** As CONTAINS with an ellipse mask; the box must also lie inside the corners box. */
        ELLIPSE
    }

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    static Stream<Arguments> cases() {
        String nearest = "interpolation = nearest";
        return Stream.of(
                Arguments.of("type = horizontal-flip, p = 1", Check.EXACT),
                Arguments.of("type = vertical-flip, p = 1", Check.EXACT),
                Arguments.of("type = rotate, p = 1, limit = 180, " + nearest, Check.CONTAINS),
                Arguments.of("type = rotate, p = 1, limit = 180, box-mode = ellipse, " + nearest, Check.ELLIPSE),
                Arguments.of("type = affine, p = 1, scale = [0.7, 1.3], translate = 0.2, shear = 20, rotate = 30, "
                        + nearest, Check.CONTAINS),
                Arguments.of("type = random-crop, p = 1, width = 32, height = 24", Check.EXACT),
                Arguments.of("type = random-resized-crop, p = 1, width = 40, height = 30, " + nearest, Check.EXACT),
                Arguments.of("type = random-resized-crop, p = 1, width = 40, height = 30, safe = true, " + nearest,
                        Check.EXACT),
                Arguments.of("type = pad, p = 1, top = 3, left = 5, min-width = 90, min-height = 75", Check.EXACT),
                Arguments.of("type = resize, p = 1, width = 50, height = 30, " + nearest, Check.EXACT),
                Arguments.of("type = letterbox, p = 1, width = 80, height = 80, fill = 0, " + nearest, Check.EXACT),
                Arguments.of("type = one-of, p = 1, transforms = [{type = vertical-flip, p = 1}, "
                        + "{type = rotate, p = 1, limit = 90, " + nearest + "}, "
                        + "{type = affine, p = 1, shear = 15, " + nearest + "}]", Check.CONTAINS),
                Arguments.of("type = some-of, p = 1, n = 2, transforms = [{type = horizontal-flip, p = 1}, "
                        + "{type = random-crop, p = 1, width = 40, height = 36}, "
                        + "{type = rotate, p = 1, limit = 45, " + nearest + "}, "
                        + "{type = resize, p = 1, width = 60, height = 60, " + nearest + "}]", Check.CONTAINS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void boxFollowsItsPixels(String hocon, Check check) {
        Transform<?> transform = REGISTRY.parse(hocon);
        int exact = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            exact += checkOne(transform, seed, check) ? 1 : 0;
        }
        assertTrue(exact >= SEEDS / 10, "too few seeds kept the whole box inside to check it exactly: " + exact);
    }

    /** Checks one seed; true when the box was compared exactly with the mask. */
    private static <P> boolean checkOne(Transform<P> transform, long seed, Check check) {
        SplittableRandom rng = new SplittableRandom(seed);
        int width = 48 + rng.nextInt(33);
        int height = 40 + rng.nextInt(33);
        Box box = TestImages.randomBox(rng, width, height, 6, 1);
        Mat mask = check == Check.ELLIPSE
                ? TestImages.ellipseMask(width, height, box) : TestImages.boxMask(width, height, box);
        Sample image = new Sample("seed-" + seed, TestImages.noise(width, height, 3, seed), List.of(box),
                Sample.NO_LABEL);
        Sample maskSample = new Sample("seed-" + seed, mask, List.of(box), Sample.NO_LABEL);
        String where = transform.name() + ", seed " + seed + ", " + width + "x" + height + ", " + box;

        P params = transform.sample(image, rng);
        Sample outImage = transform.apply(image, params);
        Sample outMask = transform.apply(maskSample, params);

        assertEquals(outImage.width(), outMask.width(), where);
        assertEquals(outImage.height(), outMask.height(), where);
        assertEquals(outImage.boxes(), outMask.boxes(), "boxes depend only on the params: " + where);
        Box moved = outImage.boxes().get(0);
        Box visible = moved.clippedTo(outImage.width(), outImage.height());
        Optional<Rect> bounds = TestImages.nonZeroBounds(outMask.image());
        String detail = where + " -> " + moved + " params " + params + ", mask bounds " + bounds;
        if (bounds.isEmpty()) {
            assertTrue(check != Check.EXACT || visible.w() <= TOLERANCE || visible.h() <= TOLERANCE,
                    "box visible but mask gone: " + detail);
            return false;
        }
        Rect r = bounds.get();
        assertTrue(visible.x() <= r.x + TOLERANCE && visible.y() <= r.y + TOLERANCE
                && visible.x2() >= r.x + r.width - TOLERANCE && visible.y2() >= r.y + r.height - TOLERANCE,
                "box must contain the mask: " + detail);
        boolean inside = moved.x() >= 0 && moved.y() >= 0 && moved.x2() <= outImage.width()
                && moved.y2() <= outImage.height();
        boolean exact = check == Check.EXACT || inside;
        if (exact) {
            assertEquals(r.x, visible.x(), TOLERANCE, "left edge: " + detail);
            assertEquals(r.y, visible.y(), TOLERANCE, "top edge: " + detail);
            assertEquals(r.x + r.width, visible.x2(), TOLERANCE, "right edge: " + detail);
            assertEquals(r.y + r.height, visible.y2(), TOLERANCE, "bottom edge: " + detail);
        }
        if (check == Check.ELLIPSE) {
            Rotate ellipse = (Rotate) transform;
            Rotate corners = new Rotate(ellipse.limit(), ellipse.interpolation(), ellipse.border(), ellipse.fill(),
                    Rotate.BoxMode.CORNERS, ellipse.p());
            Box loose = corners.apply(image, (Rotate.Params) params).boxes().get(0);
            double eps = 1e-3;
            assertTrue(moved.x() >= loose.x() - eps && moved.y() >= loose.y() - eps
                    && moved.x2() <= loose.x2() + eps && moved.y2() <= loose.y2() + eps,
                    "ellipse box " + moved + " must lie inside corners box " + loose + ": " + detail);
        }
        return exact;
    }

    @Test
    void safeResizedCropKeepsEveryBoxWhole() {
        var crop = (RandomResizedCrop) REGISTRY.parse(
                "type = random-resized-crop, p = 1, width = 64, height = 64, scale = [0.05, 0.1], safe = true");
        for (long seed = 0; seed < SEEDS; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            int width = 60 + rng.nextInt(60);
            int height = 60 + rng.nextInt(60);
            List<Box> boxes = new ArrayList<>();
            for (int i = 0, n = 1 + rng.nextInt(4); i < n; i++) {
                boxes.add(TestImages.randomBox(rng, width, height, 1, i));
            }
            Sample in = new Sample("seed-" + seed, TestImages.noise(width, height, 1, seed), boxes, Sample.NO_LABEL);
            Sample out = crop.apply(in, crop.sample(in, rng));
            for (Box box : out.boxes()) {
                double eps = 1e-3;
                assertTrue(box.x() >= -eps && box.y() >= -eps && box.x2() <= out.width() + eps
                        && box.y2() <= out.height() + eps, "seed " + seed + ": " + box + " left the crop of " + in);
            }
            assertEquals(boxes.size(), out.boxes().size());
        }
    }
}
