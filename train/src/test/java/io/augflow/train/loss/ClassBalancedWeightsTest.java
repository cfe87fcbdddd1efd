package io.augflow.train.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClassBalancedWeightsTest {

    @Test
    void handComputedCase() {
        // counts (1, 2), beta 0.5: (1 - .5) / (1 - .5) = 1 and .5 / .75 = 2/3; sum 5/3; times 2 / (5/3) -> 1.2, 0.8.
        assertArrayEquals(new double[] {1.2, 0.8}, ClassBalancedWeights.effectiveNumber(new long[] {1, 2}, 0.5), 1e-12);
        // counts (1, 1, 2), beta 0.5: 1, 1, 2/3; sum 8/3; times 3 / (8/3) = 9/8 -> 9/8, 9/8, 3/4.
        assertArrayEquals(new double[] {1.125, 1.125, 0.75},
                ClassBalancedWeights.effectiveNumber(new long[] {1, 1, 2}, 0.5), 1e-12);
    }

    @Test
    void betaZeroIsUniformAndBetaNearOneIsInverseFrequency() {
        assertArrayEquals(new double[] {1, 1, 1}, ClassBalancedWeights.effectiveNumber(new long[] {1, 50, 7}, 0), 1e-12);
        // 1/1 : 1/10, normalised to sum 2: 20/11 and 2/11.
        assertArrayEquals(new double[] {20.0 / 11, 2.0 / 11},
                ClassBalancedWeights.effectiveNumber(new long[] {1, 10}, 1 - 1e-9), 1e-6);
    }

    /** Properties on random counts: the weights sum to C, and a larger class never gets a larger weight. */
    @Test
    void weightsSumToTheClassCountAndFallWithTheCount() {
        Random random = new Random(20261203L);
        for (int trial = 0; trial < 200; trial++) {
            int classes = 2 + random.nextInt(9);
            long[] counts = random.longs(classes, 1, 5000).toArray();
            double beta = new double[] {0.9, 0.99, 0.999, 0.9999}[trial % 4];
            double[] w = ClassBalancedWeights.effectiveNumber(counts, beta);
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
    void badArgumentsAreRejectedWithTheValue() {
        assertEquals("ClassBalancedWeights beta must be in [0, 1), got 1.0",
                assertThrows(IllegalArgumentException.class,
                        () -> ClassBalancedWeights.effectiveNumber(new long[] {1, 2}, 1.0)).getMessage());
        assertEquals("ClassBalancedWeights needs every class count >= 1, class 0 has 0 in [0, 2]",
                assertThrows(IllegalArgumentException.class,
                        () -> ClassBalancedWeights.effectiveNumber(new long[] {0, 2}, 0.9)).getMessage());
    }
}
