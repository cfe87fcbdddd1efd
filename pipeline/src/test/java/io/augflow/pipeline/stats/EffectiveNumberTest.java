package io.augflow.pipeline.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EffectiveNumberTest {

    @Test
    void effectiveNumberByHand() {
        // beta 0.5: E(1) = 1, E(2) = (1 - .25) / .5 = 1.5, E(3) = (1 - .125) / .5 = 1.75; E(0) = 0.
        assertEquals(1.0, EffectiveNumber.of(1, 0.5), 1e-15);
        assertEquals(1.5, EffectiveNumber.of(2, 0.5), 1e-15);
        assertEquals(1.75, EffectiveNumber.of(3, 0.5), 1e-15);
        assertEquals(0.0, EffectiveNumber.of(0, 0.5));
        // beta 0.9, n 2: (1 - .81) / .1 = 1.9 (the statistics' figure for a class of two images)
        assertEquals(1.9, EffectiveNumber.of(2, 0.9), 1e-12);
        assertEquals(1.0, EffectiveNumber.of(500, 0.0));
    }

    @Test
    void weightsByHand() {
        // counts (1, 2), beta 0.5: 1 / E = 1 and 1 / 1.5 = 2/3; sum 5/3; times 2 / (5/3) -> 1.2, 0.8.
        assertArrayEquals(new double[] {1.2, 0.8}, EffectiveNumber.weights(new long[] {1, 2}, 0.5), 1e-12);
        // counts (1, 1, 2), beta 0.5: 1, 1, 2/3; sum 8/3; times 3 / (8/3) = 9/8 -> 9/8, 9/8, 3/4.
        assertArrayEquals(new double[] {1.125, 1.125, 0.75}, EffectiveNumber.weights(new long[] {1, 1, 2}, 0.5), 1e-12);
        // a class with no example gets 0 and does not count: (0, 1, 2) -> 0, 1.2, 0.8
        assertArrayEquals(new double[] {0, 1.2, 0.8}, EffectiveNumber.weights(new long[] {0, 1, 2}, 0.5), 1e-12);
    }

    @Test
    void betaZeroIsUniformAndBetaNearOneIsInverseFrequency() {
        assertArrayEquals(new double[] {1, 1, 1}, EffectiveNumber.weights(new long[] {1, 50, 7}, 0), 1e-12);
        // 1/1 : 1/10, normalised to sum 2: 20/11 and 2/11.
        assertArrayEquals(new double[] {20.0 / 11, 2.0 / 11},
                EffectiveNumber.weights(new long[] {1, 10}, 1 - 1e-9), 1e-6);
    }

    /** Properties on random counts: the weights sum to C, and a larger class never gets a larger weight. */
    @Test
    void weightsSumToTheClassCountAndFallWithTheCount() {
        Random random = new Random(20261203L);
        for (int trial = 0; trial < 200; trial++) {
            int classes = 2 + random.nextInt(9);
            long[] counts = random.longs(classes, 1, 5000).toArray();
            double beta = new double[] {0.9, 0.99, 0.999, 0.9999}[trial % 4];
            double[] w = EffectiveNumber.weights(counts, beta);
            assertEquals(classes, Arrays.stream(w).sum(), 1e-9, Arrays.toString(counts));
            for (int a = 0; a < classes; a++) {
                assertTrue(w[a] > 0);
                for (int b = 0; b < classes; b++) {
                    if (counts[a] < counts[b]) {
                        assertTrue(w[a] >= w[b], Arrays.toString(counts) + " beta " + beta + " -> " + Arrays.toString(w));
                    }
                }
            }
        }
    }

    @Test
    void betaOutsideTheRangeIsRejectedWithTheValue() {
        assertEquals("the effective number's beta must be in [0, 1), got 1.0",
                assertThrows(IllegalArgumentException.class,
                        () -> EffectiveNumber.weights(new long[] {1, 2}, 1.0)).getMessage());
    }
}
