package io.augflow.augment.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.augment.random.RandomStreams;
import io.augflow.augment.testing.TestImages;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code augment.strength}: the one number that scales how often the pipeline's transforms fire. */
class AugmentStrengthTest {
    private static final String PIPELINE = """
            pipeline = [
              { type = horizontal-flip, p = 0.5 }
              { type = affine, p = 0.3, scale = [0.9, 1.1] }
              { type = gaussian-blur }
              { type = one-of, p = 0.4, transforms = [
                  { type = vertical-flip, p = 0.25 }
                  { type = rotate, p = 0.75, limit = 10 } ] }
              { type = pad, p = 1, top = 2, bottom = 2, left = 2, right = 2 }
              { type = random-crop, p = 1, width = 20, height = 16 }
            ]
            """;

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    private static List<Transform<?>> pipeline(String strength) {
        return AugmentConf.parse("augment { " + PIPELINE + strength + " }").compose().transforms();
    }

    private static double[] probabilities(List<Transform<?>> transforms) {
        return transforms.stream().mapToDouble(Transform::p).toArray();
    }

    @Test
    void absentStrengthIsThePipelineAsWritten() {
        // gaussian-blur has no p: the transforms' default 0.5
        assertArrayEquals(new double[] {0.5, 0.3, 0.5, 0.4, 1, 1}, probabilities(pipeline("")), 1e-12);
    }

    @Test
    void strengthScalesEveryProbabilityBelowOneAndCapsAtOne() {
        assertArrayEquals(new double[] {0.25, 0.15, 0.25, 0.2, 1, 1}, probabilities(pipeline("strength = 0.5")),
                1e-12);
        // 3 x 0.5 and 3 x 0.4 are capped at 1; 3 x 0.3 = 0.9
        assertArrayEquals(new double[] {1, 0.9, 1, 1, 1, 1}, probabilities(pipeline("strength = 3")), 1e-12);
    }

    @Test
    void theChildrenOfAOneOfKeepTheirWeights() {
        OneOf oneOf = (OneOf) pipeline("strength = 2").get(3);
        assertEquals(0.8, oneOf.p(), 1e-12);
        assertArrayEquals(new double[] {0.25, 0.75}, probabilities(oneOf.transforms()), 1e-12);
    }

    @Test
    void strengthZeroIsThePipelineWithEveryUncertainTransformSwitchedOff() {
        AugmentConf viaStrength = AugmentConf.parse("augment { " + PIPELINE + " strength = 0 }");
        AugmentConf writtenOff = AugmentConf.parse("augment { " + PIPELINE
                .replace("p = 0.5", "p = 0").replace("p = 0.3", "p = 0").replace("gaussian-blur", "gaussian-blur, p = 0")
                .replace("p = 0.4", "p = 0") + " }");
        for (long seed = 0; seed < 20; seed++) {
            Sample in = new Sample("s" + seed, TestImages.noise(24, 20, 3, seed), List.of(), Sample.NO_LABEL);
            Sample a = viaStrength.compose().apply(in, RandomStreams.forSample(7, 0, in.id(), 0));
            Sample b = writtenOff.compose().apply(in, RandomStreams.forSample(7, 0, in.id(), 0));
            // pad then crop to 20x16 still ran, and nothing else: the same pixels as the pipeline written with p = 0
            assertEquals(20, a.width());
            assertEquals(16, a.height());
            assertArrayEquals(TestImages.bytes(b.image()), TestImages.bytes(a.image()), "seed " + seed);
        }
    }

    @Test
    void aStrengthOfOneIsTheSameTransformObjects() {
        AugmentConf conf = AugmentConf.parse("augment { " + PIPELINE + " strength = 1 }");
        AugmentConf asWritten = AugmentConf.parse("augment { " + PIPELINE + " }");
        assertEquals(asWritten.compose().transforms(), conf.compose().transforms());
        assertSame(conf.compose().transforms().get(4).getClass(), asWritten.compose().transforms().get(4).getClass());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0.5", "10.5", "strong"})
    void aBadStrengthIsRefusedNamingTheKey(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AugmentConf.parse("augment { " + PIPELINE + " strength = " + value + " }"));
        assertTrue(e.getMessage().contains("augflow.augment.strength"), e.getMessage());
    }
}
