package io.augflow.train.detect.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Invariants over seeded random scenes, and the ranking and mean helpers against independent computations. */
class CocoEvaluatorPropertiesTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void detectionsThatCopyEveryObjectScoreOne(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        CocoGroundTruth gt = scene(rng);
        List<Detection> detections = new ArrayList<>();
        for (GroundTruthBox box : gt.boxes()) {
            if (!box.crowd()) {
                detections.add(new Detection(box.imageId(), box.classId(), box.x(), box.y(), box.w(), box.h(),
                        rng.nextDouble()));
            }
        }
        CocoMetrics m = CocoEvaluator.evaluate(gt, detections);
        for (CocoMetrics.ClassMetrics c : m.perClass()) {
            if (c.groundTruths() > 0) {
                assertEquals(1.0, c.ap(), 1e-12, c.name());
            } else {
                assertEquals(-1.0, c.ap(), c.name());
            }
        }
        assertEquals(1.0, m.ar100(), 1e-12);
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14, 15})
    void withDistinctScoresTheInputOrderOfDetectionsDoesNotMatter(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        CocoGroundTruth gt = scene(rng);
        List<Detection> detections = noisyDetections(gt, rng);
        CocoMetrics before = CocoEvaluator.evaluate(gt, detections);
        List<Detection> shuffled = new ArrayList<>(detections);
        Collections.shuffle(shuffled, new Random(seed));
        CocoMetrics after = CocoEvaluator.evaluate(gt, shuffled);
        assertEquals(before, after);
        for (double stat : before.stats()) {
            assertTrue(stat == -1 || (stat >= 0 && stat <= 1), "stat " + stat);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23})
    void stableOrderIsDescendingWithTiesInInputOrder(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int trial = 0; trial < 200; trial++) {
            double[] keys = new double[rng.nextInt(0, 300)];
            for (int i = 0; i < keys.length; i++) {
                int pick = rng.nextInt(4);
                keys[i] = pick == 0 ? 0.0 : pick == 1 ? -0.0 : rng.nextInt(0, 10) / 10.0;
            }
            // independent: a stable library sort on boxed indices, comparing with == so -0.0 ties 0.0
            List<Integer> expected = new ArrayList<>(IntStream.range(0, keys.length).boxed().toList());
            expected.sort(Comparator.comparing(i -> keys[i], (a, b) -> a > b ? -1 : a < b ? 1 : 0));
            assertArrayEquals(expected.stream().mapToInt(Integer::intValue).toArray(), StableOrder.descending(keys));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {31, 32})
    void numpyMeanIsWithinRoundingOfTheExactMean(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int trial = 0; trial < 100; trial++) {
            int n = rng.nextInt(1, 5000);
            double[] values = new double[n];
            BigDecimal exact = BigDecimal.ZERO;
            for (int i = 0; i < n; i++) {
                values[i] = rng.nextDouble();
                exact = exact.add(new BigDecimal(values[i]));
            }
            double expected = exact.doubleValue() / n;
            assertEquals(expected, NumpyMean.of(values, n), 1e-14, "n=" + n);
        }
        double[] ones = new double[1010];
        java.util.Arrays.fill(ones, 1.0);
        assertEquals(1.0, NumpyMean.of(ones, ones.length));
    }

    /** 6 images, 3 classes, 0-8 objects each of all sizes, a few crowds. */
    private static CocoGroundTruth scene(SplittableRandom rng) {
        List<CocoImage> images = new ArrayList<>();
        List<GroundTruthBox> boxes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String id = "img-" + i;
            images.add(new CocoImage(id, 640, 480));
            for (int b = rng.nextInt(0, 9); b > 0; b--) {
                double w = Math.pow(2, rng.nextDouble(2, 8));
                double h = Math.pow(2, rng.nextDouble(2, 8));
                boxes.add(GroundTruthBox.of(id, rng.nextInt(3), rng.nextDouble(0, 400), rng.nextDouble(0, 300), w, h,
                        rng.nextInt(12) == 0));
            }
        }
        return CocoGroundTruth.of(images, List.of("a", "b", "c"), boxes);
    }

    /** Jittered copies, misses, duplicates and false positives, with distinct scores. */
    private static List<Detection> noisyDetections(CocoGroundTruth gt, SplittableRandom rng) {
        List<Detection> detections = new ArrayList<>();
        int serial = 0;
        for (GroundTruthBox box : gt.boxes()) {
            for (int copies = rng.nextInt(0, 3); copies > 0; copies--) {
                double j = 0.15 * box.w();
                detections.add(new Detection(box.imageId(), rng.nextInt(10) == 0 ? rng.nextInt(3) : box.classId(),
                        box.x() + rng.nextDouble(-j, j), box.y() + rng.nextDouble(-j, j), box.w(), box.h(),
                        rng.nextDouble() + 1e-9 * serial++));
            }
        }
        for (CocoImage image : gt.images()) {
            for (int f = rng.nextInt(0, 4); f > 0; f--) {
                detections.add(new Detection(image.id(), rng.nextInt(3), rng.nextDouble(0, 600), rng.nextDouble(0, 400),
                        rng.nextDouble(4, 120), rng.nextDouble(4, 120), rng.nextDouble() + 1e-9 * serial++));
            }
        }
        return detections;
    }
}
