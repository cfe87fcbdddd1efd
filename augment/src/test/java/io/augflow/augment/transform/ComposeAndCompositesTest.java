package io.augflow.augment.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.Box;
import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.augment.random.RandomStreams;
import io.augflow.augment.testing.TestImages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Compose's box policy, the composites' choice distributions and the typed {@code augment} block. */
class ComposeAndCompositesTest {
    private static final TransformRegistry REGISTRY = TransformRegistry.builtIn();

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    @Test
    void boxesAlwaysEndInsideTheImageAfterCompose() {
        AugmentConf conf = AugmentConf.parse("""
                augment {
                  pipeline = [
                    { type = rotate, p = 0.8, limit = 180 }
                    { type = affine, p = 0.8, scale = [0.5, 2], translate = 0.4, shear = 30 }
                    { type = one-of, p = 0.5, transforms = [
                        { type = random-crop, p = 1, width = 30, height = 30 }
                        { type = random-resized-crop, p = 1, width = 50, height = 40 } ] }
                  ]
                }
                """);
        for (long seed = 0; seed < 200; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            List<Box> boxes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                boxes.add(TestImages.randomBox(rng, 60, 50, 2, i));
            }
            Sample in = new Sample("s" + seed, TestImages.noise(60, 50, 3, seed), boxes, Sample.NO_LABEL);
            Sample out = conf.compose().apply(in, RandomStreams.forSample(conf.seed(), 0, in.id(), 0));
            for (Box b : out.boxes()) {
                double eps = 1e-3;
                assertTrue(b.x() >= 0 && b.y() >= 0 && b.x2() <= out.width() + eps && b.y2() <= out.height() + eps
                        && b.area() > 0, "seed " + seed + ": " + b + " outside " + out.width() + "x" + out.height());
            }
        }
    }

    @Test
    void minVisibilityOneKeepsWholeBoxesAndDropsCutOnes() {
        // A fixed shift right and down by a quarter of the 100x100 image.
        String pipeline = "pipeline = [{ type = affine, p = 1, scale = 1, translate = [0.25, 0.25] }]";
        Box whole = new Box(0, 10, 10, 20, 20); // -> [35, 55), inside
        Box cut = new Box(1, 60, 10, 30, 20);   // -> [85, 115), partly outside
        Sample in = new Sample("v", TestImages.noise(100, 100, 1, 1), List.of(whole, cut), Sample.NO_LABEL);

        AugmentConf strict = AugmentConf.parse("augment { " + pipeline + ", bbox { min-visibility = 1.0 } }");
        List<Box> kept = strict.compose().apply(in, new SplittableRandom(1)).boxes();
        assertEquals(List.of(new Box(0, 35, 35, 20, 20)), kept);

        AugmentConf lenient = AugmentConf.parse("augment { " + pipeline + " }");
        List<Box> clipped = lenient.compose().apply(in, new SplittableRandom(1)).boxes();
        assertEquals(List.of(new Box(0, 35, 35, 20, 20), new Box(1, 85, 35, 15, 20)), clipped);
    }

    @Test
    void minAreaDropsTinyBoxes() {
        Sample in = new Sample("a", TestImages.noise(50, 50, 3, 2),
                List.of(new Box(0, 5, 5, 2, 2), new Box(1, 20, 20, 10, 10)), Sample.NO_LABEL);
        AugmentConf conf = AugmentConf.parse(
                "augment { pipeline = [{ type = vertical-flip, p = 1 }], bbox { min-area = 10 } }");
        List<Box> kept = conf.compose().apply(in, new SplittableRandom(3)).boxes();
        assertEquals(List.of(new Box(1, 20, 20, 10, 10)), kept);
    }

    @Test
    void oneOfPicksChildrenInProportionToTheirP() {
        OneOf oneOf = (OneOf) REGISTRY.parse("type = one-of, p = 1, transforms = ["
                + "{ type = horizontal-flip, p = 0.2 }, { type = vertical-flip, p = 0.6 }, { type = rotate, p = 0 }]");
        Sample in = new Sample("o", TestImages.noise(8, 8, 1, 1), List.of(), Sample.NO_LABEL);
        int[] counts = new int[3];
        int draws = 8000;
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < draws; i++) {
            counts[oneOf.sample(in, rng).index()]++;
        }
        assertEquals(0, counts[2], "a child with p = 0 is never picked");
        assertEquals(0.25, counts[0] / (double) draws, 0.02, "horizontal-flip share");
        assertEquals(0.75, counts[1] / (double) draws, 0.02, "vertical-flip share");
    }

    @Test
    void someOfPicksSubsetsUniformlyWithoutReplacement() {
        SomeOf someOf = (SomeOf) REGISTRY.parse("type = some-of, p = 1, n = 2, transforms = ["
                + "{ type = horizontal-flip }, { type = vertical-flip }, { type = rotate }, { type = affine }]");
        Sample in = new Sample("s", TestImages.noise(8, 8, 1, 1), List.of(), Sample.NO_LABEL);
        Map<List<Integer>, Integer> counts = new HashMap<>();
        int draws = 6000;
        SplittableRandom rng = new SplittableRandom(9);
        for (int i = 0; i < draws; i++) {
            List<Integer> chosen = someOf.sample(in, rng).indices();
            assertTrue(chosen.get(0) < chosen.get(1), "distinct and in list order: " + chosen);
            counts.merge(chosen, 1, Integer::sum);
        }
        assertEquals(6, counts.size(), "all 6 pairs of 4 appear: " + counts);
        // chi-square with 5 degrees of freedom; 20.5 is its 99.9% quantile
        double expected = draws / 6.0;
        double chi2 = counts.values().stream().mapToDouble(c -> (c - expected) * (c - expected) / expected).sum();
        assertTrue(chi2 < 20.5, "pairs not uniform: " + counts + ", chi2 = " + chi2);
    }

    @Test
    void someOfWithReplacementMayRepeatAChild() {
        SomeOf someOf = (SomeOf) REGISTRY.parse("type = some-of, p = 1, n = 3, replace = true, transforms = ["
                + "{ type = horizontal-flip }, { type = vertical-flip }]");
        Sample in = new Sample("r", TestImages.noise(8, 8, 1, 1), List.of(), Sample.NO_LABEL);
        SplittableRandom rng = new SplittableRandom(2);
        for (int i = 0; i < 50; i++) {
            assertEquals(3, someOf.sample(in, rng).indices().size());
        }
    }

    @Test
    void augmentConfDefaults() {
        AugmentConf conf = AugmentConf.parse("other { x = 1 }");
        assertEquals(42, conf.seed());
        assertEquals(List.of(), conf.compose().transforms());
        assertEquals(BoxParams.DEFAULT, conf.compose().boxParams());
    }

    @Test
    void augmentConfReadsEveryKey() {
        AugmentConf conf = AugmentConf.parse("""
                seed = 7
                augment {
                  pipeline = [ { type = horizontal-flip, p = 0.5 }, { type = rotate, p = 0.3, limit = 15 } ]
                  bbox { min-area = 4, min-visibility = 0.3, clip = false }
                }
                """);
        assertEquals(7, conf.seed());
        assertEquals(List.of("horizontal-flip", "rotate"),
                conf.compose().transforms().stream().map(Transform::name).toList());
        assertEquals(new BoxParams(4, 0.3, false), conf.compose().boxParams());
    }

    @Test
    void augmentConfErrorsNameTheKey() {
        String[][] cases = {
            {"augment { seed = 7 }", "augflow.augment.seed is gone: augflow.seed seeds every random stream", ""},
            {"seed = abc", "augflow.seed", "abc"},
            {"augment { sede = 1 }", "augment.sede", "not a known key"},
            {"augment { pipeline = 3 }", "augment.pipeline", "3"},
            {"augment { pipeline = [{ type = rotate, limit = 270 }] }", "augment.pipeline[0]", "rotate.limit"},
            {"augment { bbox { min-visibility = 2 } }", "augment.bbox.min-visibility", "2"},
            {"augment { bbox { min-area = x } }", "augment.bbox.min-area", "x"},
            {"augment { bbox { clip = 3 } }", "augment.bbox.clip", "3"},
            {"augment { bbox { min-aera = 3 } }", "augment.bbox.min-aera", "not a known key"},
            {"augment { bbox = 1 }", "augment.bbox", "1"},
        };
        for (String[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AugmentConf.parse(c[0]),
                    c[0]);
            assertTrue(e.getMessage().contains(c[1]) && e.getMessage().contains(c[2]),
                    c[0] + " -> '" + e.getMessage() + "' should name " + c[1] + " and " + c[2]);
        }
    }

    @Test
    void augmentConfUnknownKeyIsNamedInFullWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AugmentConf.parse("augment { sede = 1 }"));
        assertEquals("augflow.augment.sede is not a known key (known: [pipeline, strength, bbox, mosaic, mixup])", e.getMessage());
    }
}
