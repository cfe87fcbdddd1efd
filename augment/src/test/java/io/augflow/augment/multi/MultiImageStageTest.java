package io.augflow.augment.multi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.Box;
import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.augment.random.RandomStreams;
import io.augflow.augment.random.UniformRange;
import io.augflow.augment.testing.TestImages;
import io.augflow.augment.transform.AugmentConf;
import io.augflow.augment.transform.AugmentationTrace;
import io.augflow.augment.transform.Compose;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code augment.mosaic} and {@code augment.mixup} blocks, and the stage inside {@link Compose}. */
class MultiImageStageTest {

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    private static Compose compose(String augmentBody) {
        return AugmentConf.parse("augment { " + augmentBody + " }").compose();
    }

    private static Sample sample(String id, int classId, long seed) {
        return new Sample(id, TestImages.noise(64, 48, 3, seed), List.of(new Box(classId, 8, 8, 40, 30)),
                Sample.NO_LABEL);
    }

    private static List<Sample> others() {
        return List.of(sample("p0", 1, 2), sample("p1", 2, 3), sample("p2", 3, 4), sample("p3", 4, 5));
    }

    @Test
    void absentBlocksMeanNeitherAndAnEmptyBlockTakesTheDefaults() {
        assertEquals(MultiImageStage.NONE, compose("").multiImage());
        assertFalse(compose("").multiImage().active());
        MultiImageStage stage = compose("mosaic {}, mixup {}").multiImage();
        assertEquals(new Mosaic(0.5, new UniformRange(0.25, 0.75), 4, 0.3, 0, 0), stage.mosaic());
        assertEquals(new MixUp(0.5, 8), stage.mixup());
        MultiImageStage set = compose("mosaic { p = 1, centre = [0.4, 0.6], min-area = 9, min-visibility = 0.5,"
                + " width = 320, height = 240 }, mixup { p = 0.1, alpha = 32 }").multiImage();
        assertEquals(new Mosaic(1, new UniformRange(0.4, 0.6), 9, 0.5, 320, 240), set.mosaic());
        assertEquals(new MixUp(0.1, 32), set.mixup());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mosaic { p = 1.5 }                | augflow.augment.mosaic.p must be in [0, 1], got 1.5",
        "mosaic { centre = [0.01, 0.5] }   | augflow.augment.mosaic.centre must be a range within [0.05, 0.95] with low <= high, got [0.01, 0.5]",
        "mosaic { min-visibility = 2 }     | augflow.augment.mosaic.min-visibility must be in [0, 1], got 2",
        "mosaic { min-area = -1 }          | augflow.augment.mosaic.min-area must be in [0, 1000000000], got -1",
        "mosaic { width = 320 }            | augflow.augment.mosaic.width and augflow.augment.mosaic.height must both be 0 (the sample's size) or both be >= 2, got 320 and 0",
        "mosaic { size = 3 }               | augflow.augment.mosaic.size is not a known key (known: [p, centre, min-area, min-visibility, width, height])",
        "mosaic = 1                        | augflow.augment.mosaic must be a block { ... }, got 1",
        "mixup { alpha = 0 }               | augflow.augment.mixup.alpha must be in [0.01, 1000], got 0",
        "mixup { p = -0.5 }                | augflow.augment.mixup.p must be in [0, 1], got -0.5",
        "mixup { lambda = 0.5 }            | augflow.augment.mixup.lambda is not a known key (known: [p, alpha])",
    })
    void badBlocksNameTheFullKeyTheValueAndTheRule(String body, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> compose(body));
        assertEquals(message, e.getMessage());
    }

    @Test
    void mosaicInThePipelineListPointsToItsBlock() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> compose("pipeline = [{ type = mosaic, p = 1 }]"));
        assertTrue(e.getMessage().contains("configure it as its own block, augment.mosaic"), e.getMessage());
    }

    @Test
    void aStageWithNothingToApplyLeavesThePipelineByteForByte() {
        String pipeline = "pipeline = [{ type = hsv, p = 1 }, { type = affine, p = 0.5, rotate = 10 }]";
        Compose plain = compose(pipeline);
        Compose off = compose(pipeline + ", mosaic { p = 0 }, mixup { p = 0 }");
        Sample in = sample("s", 0, 1);
        for (long seed = 0; seed < 10; seed++) {
            Sample a = plain.apply(in, RandomStreams.forSample(seed, 0, "s", 0));
            Sample b = off.apply(in, k -> { throw new AssertionError("no partner asked at p = 0"); },
                    RandomStreams.forSample(seed, 0, "s", 0));
            assertArrayEquals(TestImages.bytes(a.image()), TestImages.bytes(b.image()), "seed " + seed);
        }
    }

    @Test
    void switchingMosaicOnChangesNeitherMixupsNorThePipelinesDraws() {
        String rest = "pipeline = [{ type = hsv, p = 1 }], mixup { p = 1 }";
        Sample in = sample("s", 0, 1);
        for (long seed = 0; seed < 10; seed++) {
            AugmentationTrace.Recording without = AugmentationTrace.recording();
            AugmentationTrace.Recording with = AugmentationTrace.recording();
            compose(rest).apply(in, Partners.cycling(others()), RandomStreams.forSample(seed, 0, "s", 0), without);
            compose(rest + ", mosaic { p = 1 }").apply(in, Partners.cycling(others()),
                    RandomStreams.forSample(seed, 0, "s", 0), with);
            assertEquals(List.of("mixup", "hsv"), without.applied().stream().map(a -> a.transformName()).toList());
            assertEquals(List.of("mosaic", "mixup", "hsv"), with.applied().stream().map(a -> a.transformName()).toList());
            assertEquals(without.applied().get(0), with.applied().get(1), "mixup: the same lambda and partner 3");
            assertEquals(without.applied().get(1), with.applied().get(2), "hsv: the same draw");
        }
    }

    @Test
    void mosaicThenMixupShowBoxesOfEveryImageAndThePipelinesBoxPolicyRuns() {
        Compose c = compose("mosaic { p = 1, centre = 0.5 }, mixup { p = 1 }, bbox { min-area = 4 }");
        Sample out = c.apply(sample("s", 0, 1), Partners.cycling(others()), RandomStreams.forSample(1, 0, "s", 0));
        // centre 0.5: every quadrant is 32x24, a 40x30 box at (8, 8) of a 64x48 image keeps most of it
        Set<Integer> classes = out.boxes().stream().map(Box::classId).collect(Collectors.toSet());
        assertEquals(Set.of(0, 1, 2, 3, 4), classes, "mosaic brings 1, 2, 3, mixup 4: " + out.boxes());
        assertEquals("s", out.id());
        assertEquals(64, out.width());
    }

    @Test
    void withoutPartnersTheSampleIsItsOwnPartnerAndAConfiguredCanvasIsAFixedOutputSize() {
        Compose c = compose("mosaic { p = 1, width = 96, height = 80 }");
        Sample in = sample("s", 0, 1);
        Sample out = c.apply(in, RandomStreams.forSample(1, 0, "s", 0));
        assertEquals(96, out.width());
        assertTrue(out.boxes().stream().allMatch(b -> b.classId() == 0));
        assertEquals(List.of(96, 80), c.fixedOutputSize().map(s -> List.of(s[0], s[1])).orElseThrow());
        assertTrue(compose("mosaic { p = 1 }").fixedOutputSize().isEmpty(), "the sample's size is no fixed size");
    }

    @Test
    void theStageTravelsInsideASerialisedCompose() throws Exception {
        Compose c = compose("mosaic { p = 0.7 }, mixup { p = 0.2, alpha = 4 }");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream o = new java.io.ObjectOutputStream(bytes)) {
            o.writeObject(c);
        }
        try (java.io.ObjectInputStream i = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(c, i.readObject());
        }
        assertSame(c.multiImage(), c.withTransforms(List.of()).multiImage(), "withTransforms keeps the stage");
    }
}
