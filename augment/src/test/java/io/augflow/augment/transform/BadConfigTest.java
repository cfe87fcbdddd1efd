package io.augflow.augment.transform;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.InvalidSampleException;
import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.augment.testing.TestImages;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/** Bad configuration fails on the driver with a message naming the transform, the key and the value. */
class BadConfigTest {
    private static final TransformRegistry REGISTRY = TransformRegistry.builtIn();

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    private static void assertMessageHas(String hocon, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> REGISTRY.parse(hocon), hocon);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should contain '" + part + "'");
        }
    }

    @Test
    void unknownType() {
        assertMessageHas("type = twirl, p = 1", "unknown transform type 'twirl'", "rotate");
    }

    @Test
    void missingType() {
        assertMessageHas("p = 1", "'type'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "type = rotate, limit = 270                       | rotate.limit | 270 | [-180, 180]",
        "type = rotate, limit = [-10, 200]                | rotate.limit | 200 | [-180, 180]",
        "type = rotate, limit = \"abc\"                   | rotate.limit | abc | number",
        "type = rotate, interpolation = bicubic           | rotate.interpolation | bicubic | nearest",
        "type = rotate, border = mirror                   | rotate.border | mirror | reflect",
        "type = rotate, box-mode = circle                 | rotate.box-mode | circle | ellipse",
        "type = rotate, fill = 300                        | rotate.fill | 300 | 255",
        "type = rotate, p = 1.5                           | rotate.p | 1.5 | [0, 1]",
        "type = affine, scale = [1.2, 0.8]                | affine.scale | 1.2 | low <= high",
        "type = affine, shear = 89                        | affine.shear | 89 | 80",
        "type = random-crop, height = 10                  | random-crop.width | required | nothing",
        "type = random-crop, width = 0, height = 10       | random-crop.width | 0 | integer",
        "type = random-crop, width = 2.5, height = 10     | random-crop.width | 2.5 | integer",
        "type = random-resized-crop, width = 8            | random-resized-crop.height | required | nothing",
        "type = random-resized-crop, width = 8, height = 8, safe = maybe | random-resized-crop.safe | maybe | true or false",
        "type = pad, top = -1                             | pad.top | -1 | integer",
        "type = resize, width = 10                        | resize.height | required | nothing",
        "type = letterbox, width = 10, height = 10, fill = x | letterbox.fill | x | number",
        "type = one-of                                    | one-of.transforms | required | nothing",
        "type = one-of, transforms = []                   | one-of.transforms | at least one | []",
        "type = one-of, transforms = [{type = rotate, limit = 270}] | one-of.transforms[0] | rotate.limit | 270",
        "type = one-of, transforms = [{type = vertical-flip, p = 0}] | one-of.transforms | p > 0 | p = 0",
        "type = some-of, transforms = [{type = vertical-flip}] | some-of.n | required | nothing",
        "type = some-of, n = 3, transforms = [{type = vertical-flip}] | some-of.n | 3 | [1, 1]",
        "type = some-of, n = 1, transforms = 5            | some-of.transforms | 5 | list",
    })
    void badValueNamesTransformKeyAndValue(String hocon, String key, String value, String rule) {
        assertMessageHas(hocon, key, value, rule);
    }

    @Test
    void cropLargerThanTheImageNamesTheSample() {
        Sample small = new Sample("img-0042", TestImages.noise(20, 10, 3, 1), List.of(), Sample.NO_LABEL);
        Transform<?> crop = REGISTRY.parse("type = random-crop, width = 32, height = 8");
        InvalidSampleException e = assertThrows(InvalidSampleException.class,
                () -> crop.sample(small, new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("img-0042") && e.getMessage().contains("32x8")
                && e.getMessage().contains("20x10"), e.getMessage());
    }

    @Test
    void badImagesAreRejectedNamingTheSample() {
        Mat[] bad = {TestImages.noise(8, 8, 4, 1), Mat.zeros(8, 8, CvType.CV_16UC3), new Mat()};
        String[] reasons = {"1 or 3 channels, got 4", "8-bit, got CV_16UC3", "empty"};
        for (int i = 0; i < bad.length; i++) {
            Mat image = bad[i];
            InvalidSampleException e = assertThrows(InvalidSampleException.class,
                    () -> new Sample("cats/0042.png", image, List.of(), Sample.NO_LABEL));
            assertTrue(e.getMessage().contains("cats/0042.png") && e.getMessage().contains(reasons[i]),
                    e.getMessage());
        }
    }
}
