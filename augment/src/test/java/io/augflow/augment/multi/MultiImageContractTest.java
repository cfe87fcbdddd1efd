package io.augflow.augment.multi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.ConfigFactory;
import io.augflow.augment.Box;
import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.augment.conf.ConfBlock;
import io.augflow.augment.random.RandomStreams;
import io.augflow.augment.testing.TestImages;
import io.augflow.augment.transform.AugmentationTrace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opencv.core.Scalar;

/**
 * The contract of {@link TransformContractTest}, for the multi-image transforms ({@link MultiImageStage#NAMES}),
 * with a partner supplier: partners of other sizes and channel counts than the sample. {@link #CONFIGS} holds a
 * forced ({@code p = 1}) block per name; a name without one fails the suite.
 */
class MultiImageContractTest {
    private static final int WIDTH = 64;
    private static final int HEIGHT = 48;
    private static ExecutorService pool;

    /** Add an entry here for every new multi-image transform. */
    static final Map<String, String> CONFIGS = Map.of(
            "mosaic", "p = 1, min-area = 1, min-visibility = 0.1",
            "mixup", "p = 1, alpha = 8");

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
        return MultiImageStage.NAMES.stream();
    }

    private static MultiImageTransform<?> forced(String name, String hocon) {
        MultiImageStage stage = MultiImageStage.fromConfig(ConfBlock.under(
                ConfigFactory.parseString(name + " { " + hocon + " }"), "augment"));
        return switch (name) {
            case Mosaic.NAME -> stage.mosaic();
            case MixUp.NAME -> stage.mixup();
            default -> fail("no accessor for '" + name + "' in MultiImageStage");
        };
    }

    private static MultiImageTransform<?> forced(String name) {
        String hocon = CONFIGS.get(name);
        if (hocon == null) {
            fail("no contract config for '" + name + "'; add one to MultiImageContractTest.CONFIGS");
        }
        return forced(name, hocon);
    }

    private static Sample noiseSample(String id, int width, int height, int channels, long seed) {
        return new Sample(id, TestImages.noise(width, height, channels, seed),
                List.of(new Box(0, width * 0.1f, height * 0.2f, width * 0.3f, height * 0.3f),
                        new Box(1, width * 0.5f, height * 0.4f, width * 0.4f, height * 0.5f)), 3);
    }

    /** Partners of other sizes and channel counts than the sample, with boxes. */
    private static List<Sample> partners() {
        return List.of(noiseSample("p0", 50, 30, 1, 101), noiseSample("p1", 20, 70, 3, 102),
                noiseSample("p2", 64, 48, 3, 103), noiseSample("p3", 33, 33, 1, 104));
    }

    private static Sample run(MultiImageTransform<?> t, Sample in, Partners partners, long seed) {
        return t.apply(in, partners, 0, RandomStreams.forSample(seed, 0, in.id(), 0), AugmentationTrace.NONE);
    }

    private static Sample run(MultiImageTransform<?> t, Sample in, long seed) {
        return run(t, in, Partners.cycling(partners()), seed);
    }

    @Test
    void everyNameHasAContract() {
        List<String> missing = MultiImageStage.NAMES.stream().filter(n -> !CONFIGS.containsKey(n)).toList();
        assertTrue(missing.isEmpty(), "multi-image transforms without an entry in CONFIGS: " + missing);
        assertEquals(MultiImageStage.NAMES.size(), CONFIGS.size(), "CONFIGS entries for unknown names");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void keepsTypeChannelsIdLabelAndTheSamplesSize(String name) {
        MultiImageTransform<?> t = forced(name);
        for (int channels : new int[] {1, 3}) {
            Sample in = noiseSample("img-" + channels, WIDTH, HEIGHT, channels, 7);
            Sample out = run(t, in, 11);
            assertEquals(in.image().type(), out.image().type(), name + " changed the type, " + channels + " ch");
            assertEquals(in.id(), out.id(), name);
            assertEquals(in.label(), out.label(), name);
            assertEquals(WIDTH, out.width(), name + " must keep the width");
            assertEquals(HEIGHT, out.height(), name + " must keep the height");
            for (Box b : out.boxes()) {
                assertTrue(b.isInside(WIDTH, HEIGHT), name + ": " + b + " leaves the image");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void asksForExactlyItsPartners(String name) {
        MultiImageTransform<?> t = forced(name);
        List<Integer> asked = new ArrayList<>();
        List<Sample> pool = partners();
        run(t, noiseSample("img-k", WIDTH, HEIGHT, 3, 8), k -> {
            asked.add(k);
            return pool.get(k % pool.size());
        }, 3);
        List<Integer> expected = java.util.stream.IntStream.range(0, t.partnerCount()).boxed().toList();
        assertEquals(expected, asked, name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void aSerialisedCopyIsEqualAndDrawsTheSameBytes(String name) throws Exception {
        MultiImageTransform<?> t = forced(name);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(t);
        }
        Object copy;
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            copy = in.readObject();
        }
        assertEquals(t, copy, name);
        Sample in = noiseSample("img-s", WIDTH, HEIGHT, 3, 5);
        assertArrayEquals(TestImages.bytes(run(t, in, 9).image()),
                TestImages.bytes(run((MultiImageTransform<?>) copy, in, 9).image()), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void sameSeedGivesSameBytesAndBoxes(String name) {
        MultiImageTransform<?> t = forced(name);
        Sample in = noiseSample("img-a", WIDTH, HEIGHT, 3, 3);
        for (long seed = 0; seed < 20; seed++) {
            Sample a = run(t, in, seed);
            Sample b = run(t, in, seed);
            assertArrayEquals(TestImages.bytes(a.image()), TestImages.bytes(b.image()), name + ", seed " + seed);
            assertEquals(a.boxes(), b.boxes(), name + ", seed " + seed);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void forcedChangesTheImageAndNeverTouchesTheSampleOrItsPartners(String name) {
        MultiImageTransform<?> t = forced(name);
        Sample in = noiseSample("img-b", WIDTH, HEIGHT, 3, 5);
        List<Sample> partners = partners();
        byte[] before = TestImages.bytes(in.image());
        List<byte[]> partnersBefore = partners.stream().map(p -> TestImages.bytes(p.image())).toList();
        Sample out = run(t, in, Partners.cycling(partners), 1);
        assertFalse(Arrays.equals(before, TestImages.bytes(out.image())), name + " forced on left the image unchanged");
        out.image().setTo(Scalar.all(0)); // the output must share pixels with no input
        assertArrayEquals(before, TestImages.bytes(in.image()), name + " modified or aliases its sample");
        for (int i = 0; i < partners.size(); i++) {
            assertArrayEquals(partnersBefore.get(i), TestImages.bytes(partners.get(i).image()),
                    name + " modified or aliases partner " + i);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void probabilityZeroReturnsTheInputItselfAndAsksNoPartner(String name) {
        MultiImageTransform<?> t = forced(name, CONFIGS.get(name).replace("p = 1", "p = 0"));
        assertEquals(0, t.p(), name);
        AtomicInteger asked = new AtomicInteger();
        Sample in = noiseSample("img-c", WIDTH, HEIGHT, 3, 9);
        for (long seed = 0; seed < 10; seed++) {
            Sample out = run(t, in, k -> {
                asked.incrementAndGet();
                return in;
            }, seed);
            assertSame(in, out, name + " with p = 0 must return its input");
        }
        assertEquals(0, asked.get(), name + " with p = 0 asked for partners");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void sameSeedAndIdGiveSameBytesOnFourThreads(String name) throws Exception {
        MultiImageTransform<?> t = forced(name);
        Sample in = noiseSample("img-d", WIDTH, HEIGHT, 3, 13);
        Partners shared = Partners.cycling(partners());
        List<Future<Sample>> futures = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            futures.add(pool.submit(() -> run(t, in, shared, 42)));
        }
        Sample first = futures.get(0).get();
        for (Future<Sample> f : futures) {
            Sample other = f.get();
            assertArrayEquals(TestImages.bytes(first.image()), TestImages.bytes(other.image()), name);
            assertEquals(first.boxes(), other.boxes(), name);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void differentSeedsGiveDifferentDraws(String name) {
        MultiImageTransform<?> t = forced(name);
        Sample in = noiseSample("img-e", WIDTH, HEIGHT, 1, 17);
        byte[] reference = TestImages.bytes(run(t, in, 0).image());
        boolean anyDifferent = false;
        for (long seed = 1; seed < 20 && !anyDifferent; seed++) {
            anyDifferent = !Arrays.equals(reference, TestImages.bytes(run(t, in, seed).image()));
        }
        assertTrue(anyDifferent, name + " gave the same output for 20 seeds");
    }
}
