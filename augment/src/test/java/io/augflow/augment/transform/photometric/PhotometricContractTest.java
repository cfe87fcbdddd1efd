package io.augflow.augment.transform.photometric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.Box;
import io.augflow.augment.NoiseImages;
import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.augment.random.RandomStreams;
import io.augflow.augment.transform.AugmentationTrace;
import io.augflow.augment.transform.Transform;
import io.augflow.augment.transform.TransformRegistry;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The contract every photometric transform keeps, checked over grey and colour images and many seeds. */
class PhotometricContractTest {
    private static final TransformRegistry REGISTRY = TransformRegistry.builtIn();

    /** Name, a config forced on (p = 1) with ranges away from the identity. */
    static Stream<Arguments> forcedOn() {
        return Stream.of(
                Arguments.of(BrightnessContrast.NAME, "brightness = [0.1, 0.2], contrast = [0.2, 0.3]"),
                Arguments.of(HsvShift.NAME, "hue = [20, 40], saturation = [20, 30], value = [10, 20]"),
                Arguments.of(Gamma.NAME, "gamma = [1.5, 2.0]"),
                Arguments.of(GaussianBlur.NAME, "sigma = [1.0, 2.0]"),
                Arguments.of(GaussianNoise.NAME, "std = [10, 20]"),
                Arguments.of(Clahe.NAME, "clip-limit = 2.0, tile-grid = 4"),
                Arguments.of(Cutout.NAME, "holes = [1, 3], size = [0.2, 0.3]"));
    }

    /** Name, a bad setting, and the text the error must contain. */
    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of(BrightnessContrast.NAME, "brightness = [-2, 0.5]",
                        "brightness-contrast.brightness must be a range within [-1, 1] with low <= high, got [-2, 0.5]"),
                Arguments.of(BrightnessContrast.NAME, "contrast = [0.3, 0.1]",
                        "brightness-contrast.contrast must be a range within [-1, 1] with low <= high, got [0.3, 0.1]"),
                Arguments.of(HsvShift.NAME, "hue = 200",
                        "hsv.hue must be a range within [-180, 180] with low <= high, got [-200, 200]"),
                Arguments.of(Gamma.NAME, "gamma = 0", "gamma.gamma must be a range within [0.05, 20] with low <= high, got [0, 0]"),
                Arguments.of(GaussianBlur.NAME, "sigma = [1, 80]",
                        "gaussian-blur.sigma must be a range within [0, 50] with low <= high, got [1, 80]"),
                Arguments.of(GaussianNoise.NAME, "std = -3",
                        "gaussian-noise.std must be a range within [0, 255] with low <= high, got [-3, -3]"),
                Arguments.of(Clahe.NAME, "tile-grid = 0", "clahe.tile-grid must be an integer in [1, 64], got 0"),
                Arguments.of(Cutout.NAME, "holes = [1.5, 2]", "cutout.holes must be an integer or a pair of integers, got [1.5, 2.0]"),
                Arguments.of(Cutout.NAME, "min-box-visibility = 1.5", "cutout.min-box-visibility must be in [0, 1], got 1.5"),
                Arguments.of(Cutout.NAME, "p = 2", "cutout.p must be in [0, 1], got 2"));
    }

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    private static Transform<?> forced(String name, String settings) {
        return REGISTRY.parse("type = " + name + ", p = 1, " + settings);
    }

    private static Sample noiseSample(int channels, long seed) {
        List<Box> boxes = List.of(new Box(1, 2, 3, 10, 8), new Box(4, 20, 18, 12.5f, 9));
        return new Sample("noise-" + seed, NoiseImages.noise(40, 48, channels, seed), boxes, 2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forcedOn")
    void keepsTypeSizeAndChannelsAndBoxes(String name, String settings) {
        Transform<?> t = forced(name, settings);
        for (int channels : new int[] {1, 3}) {
            for (long seed = 0; seed < 20; seed++) {
                Sample in = noiseSample(channels, seed);
                byte[] before = NoiseImages.bytes(in.image());
                Sample out = t.apply(in, RandomStreams.forSample(7, 0, in.id(), (int) seed), AugmentationTrace.NONE);
                assertEquals(in.image().type(), out.image().type(), name + ": type");
                assertEquals(in.width(), out.width(), name + ": width");
                assertEquals(in.height(), out.height(), name + ": height");
                assertEquals(channels, out.channels(), name + ": channels");
                assertEquals(in.id(), out.id());
                assertEquals(in.label(), out.label());
                if (!name.equals(Cutout.NAME)) {
                    assertEquals(in.boxes(), out.boxes(), name + ": boxes unchanged");
                } else {
                    assertTrue(in.boxes().containsAll(out.boxes()), "cutout only drops boxes");
                }
                assertArrayEquals(before, NoiseImages.bytes(in.image()), name + ": the input is not modified");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forcedOn")
    void sameSeedGivesSameBytes(String name, String settings) {
        Transform<?> t = forced(name, settings);
        for (int channels : new int[] {1, 3}) {
            for (int repeat = 0; repeat < 5; repeat++) {
                Sample in = noiseSample(channels, 11);
                Sample a = t.apply(in, RandomStreams.forSample(3, 1, in.id(), repeat), AugmentationTrace.NONE);
                Sample b = t.apply(in, RandomStreams.forSample(3, 1, in.id(), repeat), AugmentationTrace.NONE);
                assertArrayEquals(NoiseImages.bytes(a.image()), NoiseImages.bytes(b.image()), name);
                assertEquals(a.boxes(), b.boxes(), name);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forcedOn")
    void forcedOnChangesANoiseImage(String name, String settings) {
        Transform<?> t = forced(name, settings);
        for (int channels : new int[] {1, 3}) {
            for (long seed = 0; seed < 10; seed++) {
                Sample in = noiseSample(channels, seed);
                Sample out = t.apply(in, new SplittableRandom(seed), AugmentationTrace.NONE);
                assertFalse(Arrays.equals(NoiseImages.bytes(in.image()), NoiseImages.bytes(out.image())),
                        name + " with p = 1 must change a " + channels + "-channel noise image (seed " + seed + ")");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forcedOn")
    void pZeroReturnsTheInput(String name, String settings) {
        Transform<?> t = REGISTRY.parse("type = " + name + ", p = 0, " + settings);
        Sample in = noiseSample(3, 1);
        assertTrue(in == t.apply(in, new SplittableRandom(1), AugmentationTrace.NONE), name);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("badConfigs")
    void badConfigNamesTransformKeyAndValue(String name, String settings, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> REGISTRY.parse("type = " + name + ", " + settings));
        assertEquals(expected, e.getMessage());
    }

    @Test
    void everyPhotometricTransformIsRegisteredAndCovered() {
        List<String> covered = forcedOn().map(a -> (String) a.get()[0]).toList();
        assertTrue(REGISTRY.names().containsAll(covered), "registered: " + REGISTRY.names());
        assertEquals(7, covered.size());
    }
}
