package io.augflow.augment.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.augflow.augment.Box;
import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.augment.random.RandomStreams;
import io.augflow.augment.testing.TestImages;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

/**
 * The contract every registered transform keeps, run over {@link TransformRegistry#builtIn()}. Data
 * driven: {@link #CONFIGS} holds a forced ({@code p = 1}) config for each name, and a registered name
 * without one fails the suite, so a new transform cannot skip the contract.
 */
class TransformContractTest {
    private static final int WIDTH = 64;
    private static final int HEIGHT = 48;
    private static final TransformRegistry REGISTRY = TransformRegistry.builtIn();
    private static ExecutorService pool;

    /** A forced config for a registered name, and whether the output keeps the input size. */
    record Contract(String hocon, boolean keepsSize) {}

    /** Add an entry here for every new transform (photometric ones included). */
    static final Map<String, Contract> CONFIGS = Map.ofEntries(
            Map.entry("horizontal-flip", new Contract("p = 1", true)),
            Map.entry("vertical-flip", new Contract("p = 1", true)),
            Map.entry("rotate", new Contract("p = 1, limit = [10, 30]", true)),
            Map.entry("affine", new Contract("p = 1, scale = [0.8, 1.2], shear = 10, rotate = 10", true)),
            Map.entry("random-crop", new Contract("p = 1, width = 40, height = 30", false)),
            Map.entry("random-resized-crop", new Contract("p = 1, width = 32, height = 32", false)),
            Map.entry("pad", new Contract("p = 1, top = 2, left = 3, min-width = 80, border = reflect", false)),
            Map.entry("resize", new Contract("p = 1, width = 32, height = 40", false)),
            Map.entry("letterbox", new Contract("p = 1, width = 50, height = 50, fill = 114", false)),
            Map.entry("one-of", new Contract(
                    "p = 1, transforms = [{type = horizontal-flip, p = 1}, {type = rotate, p = 0.5, limit = [5, 20]}]",
                    true)),
            Map.entry("some-of", new Contract("p = 1, n = 2, transforms = [{type = horizontal-flip, p = 1}, "
                    + "{type = vertical-flip, p = 1}, {type = affine, p = 1, rotate = [5, 20]}]", true)),
            Map.entry("brightness-contrast", new Contract("p = 1", true)),
            Map.entry("hsv", new Contract("p = 1", true)),
            Map.entry("gamma", new Contract("p = 1", true)),
            Map.entry("gaussian-blur", new Contract("p = 1", true)),
            Map.entry("gaussian-noise", new Contract("p = 1", true)),
            Map.entry("clahe", new Contract("p = 1", true)),
            Map.entry("cutout", new Contract("p = 1", true)),
            // the noise sample's boxes are small (< 32x32), so copy-paste finds objects in the image itself
            Map.entry("copy-paste", new Contract("p = 1, source = same-image", true)));

    /** Copy-paste adds boxes for what it pastes; cutout drops the boxes it mostly erases. */
    private static final java.util.Set<String> ADDS_BOXES = java.util.Set.of("copy-paste");
    private static final java.util.Set<String> DROPS_BOXES = java.util.Set.of("cutout");

    @BeforeAll
    static void setUp() {
        OpenCv.load();
        pool = Executors.newFixedThreadPool(4);
    }

    @AfterAll
    static void tearDown() {
        pool.shutdownNow();
    }

    static Stream<String> names() {
        return REGISTRY.names().stream();
    }

    @Test
    void everyRegisteredNameHasAContract() {
        List<String> missing = REGISTRY.names().stream().filter(n -> !CONFIGS.containsKey(n)).toList();
        assertTrue(missing.isEmpty(), "registered transforms without an entry in CONFIGS: " + missing);
        List<String> stale = CONFIGS.keySet().stream().filter(n -> !REGISTRY.names().contains(n)).sorted().toList();
        assertTrue(stale.isEmpty(), "CONFIGS entries for names not registered: " + stale);
    }

    private static Transform<?> forced(String name) {
        Contract contract = CONFIGS.get(name);
        if (contract == null) {
            fail("no contract config for '" + name + "'; add one to TransformContractTest.CONFIGS");
        }
        return REGISTRY.parse("type = " + name + ", " + contract.hocon());
    }

    private static Sample noiseSample(String id, int channels, long seed) {
        return new Sample(id, TestImages.noise(WIDTH, HEIGHT, channels, seed),
                List.of(new Box(0, 10, 8, 20, 15), new Box(1, 30, 20, 25, 20)), 3);
    }

    private static Sample run(Transform<?> t, Sample in, long seed) {
        return t.apply(in, RandomStreams.forSample(seed, 0, in.id(), 0), AugmentationTrace.NONE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void keepsTypeChannelsLabelAndIdAndMaybeSize(String name) {
        Transform<?> t = forced(name);
        for (int channels : new int[] {1, 3}) {
            Sample in = noiseSample("img-" + channels, channels, 7);
            Sample out = run(t, in, 11);
            assertEquals(in.image().type(), out.image().type(), name + " changed the type, " + channels + " ch");
            assertEquals(channels, out.channels(), name);
            assertEquals(in.id(), out.id(), name);
            assertEquals(in.label(), out.label(), name);
            int before = in.boxes().size();
            int after = out.boxes().size();
            if (ADDS_BOXES.contains(name)) {
                assertTrue(after >= before, name + " may add boxes, never drop them: " + before + " -> " + after);
            } else if (DROPS_BOXES.contains(name)) {
                assertTrue(after <= before, name + " may drop erased boxes, never add: " + before + " -> " + after);
            } else {
                assertEquals(before, after, name + ": apply must not drop boxes (Compose does)");
            }
            if (CONFIGS.get(name).keepsSize()) {
                assertEquals(WIDTH, out.width(), name + " must keep the width");
                assertEquals(HEIGHT, out.height(), name + " must keep the height");
            }
        }
    }

    /**
     * Every box that comes out of a transform is one that went in, with its class and its flags (crowd, pasted),
     * in the same order: only cutout drops boxes, and only copy-paste adds them, pasted and never crowd (it leaves
     * the boxes it keeps where they were, so those are equal to input boxes).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void boxesKeepTheirClassAndTheirCrowdAndPastedFlags(String name) {
        Transform<?> t = forced(name);
        List<Box> in = List.of(new Box(0, 10, 8, 20, 15, false, true), new Box(1, 30, 20, 25, 20),
                new Box(2, 5, 30, 12, 10, true, false), new Box(1, 40, 5, 15, 12, false, true));
        List<String> before = in.stream().map(TransformContractTest::identity).toList();
        for (long seed = 0; seed < 5; seed++) {
            Sample sample = new Sample("img-flags", TestImages.noise(WIDTH, HEIGHT, 3, seed), in, 3);
            List<Box> out = run(t, sample, seed).boxes();
            if (ADDS_BOXES.contains(name)) {
                List<Box> kept = out.stream().filter(in::contains).toList();
                assertTrue(isSubsequence(kept.stream().map(TransformContractTest::identity).toList(), before),
                        name + ", seed " + seed + ": " + kept);
                out.stream().filter(b -> !in.contains(b)).forEach(b -> assertTrue(b.pasted() && !b.crowd(),
                        name + " added a box that is not a pasted, non-crowd object: " + b));
            } else {
                List<String> after = out.stream().map(TransformContractTest::identity).toList();
                if (DROPS_BOXES.contains(name)) {
                    assertTrue(isSubsequence(after, before), name + ", seed " + seed + ": " + after);
                } else {
                    assertEquals(before, after, name + ", seed " + seed);
                }
            }
        }
    }

    private static String identity(Box b) {
        return b.classId() + (b.crowd() ? " crowd" : "") + (b.pasted() ? " pasted" : "");
    }

    private static boolean isSubsequence(List<String> part, List<String> whole) {
        int j = 0;
        for (String p : part) {
            while (j < whole.size() && !whole.get(j).equals(p)) {
                j++;
            }
            if (j == whole.size()) {
                return false;
            }
            j++;
        }
        return true;
    }

    /** Transforms are shipped to executors as values: a Java-serialised copy is equal and draws the same bytes. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void aSerialisedCopyIsEqualAndDrawsTheSameBytes(String name) throws Exception {
        Transform<?> t = forced(name);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(new Compose(List.of(t), BoxParams.DEFAULT));
        }
        Compose copy;
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (Compose) in.readObject();
        }
        assertEquals(t, copy.transforms().get(0), name);
        Sample in = noiseSample("img-s", 3, 5);
        assertArrayEquals(TestImages.bytes(run(t, in, 9).image()), TestImages.bytes(run(copy.transforms().get(0), in, 9)
                .image()), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void sameSeedGivesSameBytesAndBoxes(String name) {
        Transform<?> t = forced(name);
        Sample in = noiseSample("img-a", 3, 3);
        for (long seed = 0; seed < 20; seed++) {
            Sample a = run(t, in, seed);
            Sample b = run(t, in, seed);
            assertArrayEquals(TestImages.bytes(a.image()), TestImages.bytes(b.image()), name + ", seed " + seed);
            assertEquals(a.boxes(), b.boxes(), name + ", seed " + seed);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void forcedChangesANoiseImageAndNeverTouchesTheInput(String name) {
        Transform<?> t = forced(name);
        Sample in = noiseSample("img-b", 3, 5);
        byte[] before = TestImages.bytes(in.image());
        Sample out = run(t, in, 1);
        byte[] after = TestImages.bytes(out.image());
        assertFalse(in.width() == out.width() && in.height() == out.height() && Arrays.equals(before, after),
                name + " forced on (p = 1) left a noise image unchanged");
        assertArrayEquals(before, TestImages.bytes(in.image()), name + " modified its input");
        out.image().setTo(Scalar.all(0)); // the output must not share pixels with the input
        assertArrayEquals(before, TestImages.bytes(in.image()), name + " output aliases its input");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void probabilityZeroReturnsTheInputItself(String name) {
        Contract contract = CONFIGS.get(name);
        assertNotNull(contract, "no contract config for '" + name + "'");
        Transform<?> t = REGISTRY.create(ConfigFactory.parseString("type = " + name + ", " + contract.hocon())
                .withValue("p", ConfigValueFactory.fromAnyRef(0)));
        Sample in = noiseSample("img-c", 3, 9);
        byte[] before = TestImages.bytes(in.image());
        for (long seed = 0; seed < 10; seed++) {
            Sample out = run(t, in, seed);
            assertSame(in, out, name + " with p = 0 must return its input");
        }
        assertArrayEquals(before, TestImages.bytes(in.image()), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void sameSeedAndIdGiveSameBytesOnFourThreads(String name) throws Exception {
        Transform<?> t = forced(name);
        Sample in = noiseSample("img-d", 3, 13);
        List<Future<Sample>> futures = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            futures.add(pool.submit(() -> run(t, in, 42)));
        }
        Sample first = futures.get(0).get();
        byte[] expected = TestImages.bytes(first.image());
        for (Future<Sample> f : futures) {
            Sample other = f.get();
            assertArrayEquals(expected, TestImages.bytes(other.image()), name + " differs across threads");
            assertEquals(first.boxes(), other.boxes(), name + " boxes differ across threads");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void differentSeedsGiveDifferentDrawsForRandomTransforms(String name) {
        Transform<?> t = forced(name);
        Sample in = noiseSample("img-e", 1, 17);
        Mat reference = run(t, in, 0).image();
        boolean anyDifferent = false;
        for (long seed = 1; seed < 20 && !anyDifferent; seed++) {
            Mat other = run(t, in, seed).image();
            anyDifferent = other.cols() != reference.cols() || other.rows() != reference.rows()
                    || !Arrays.equals(TestImages.bytes(reference), TestImages.bytes(other));
        }
        boolean deterministic = List.of("horizontal-flip", "vertical-flip", "pad", "resize", "letterbox", "clahe")
                .contains(name);
        assertEquals(!deterministic, anyDifferent,
                name + (deterministic ? " has no random parameters but varied" : " gave the same output for 20 seeds"));
    }
}
