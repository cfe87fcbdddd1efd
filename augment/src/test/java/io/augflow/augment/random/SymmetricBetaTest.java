package io.augflow.augment.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Beta(alpha, alpha) draws against the distribution's own moments: mean 1/2, variance 1 / (4 (2 alpha + 1)). */
class SymmetricBetaTest {

    @ParameterizedTest
    @ValueSource(doubles = {0.2, 0.5, 1, 8, 32})
    void meanAndVarianceMatchTheDistribution(double alpha) {
        SymmetricBeta beta = new SymmetricBeta(alpha);
        SplittableRandom rng = new SplittableRandom(7);
        int n = 40_000;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            double x = beta.draw(rng);
            assertTrue(x >= 0 && x <= 1, "draw " + x);
            sum += x;
            sumSq += x * x;
        }
        double mean = sum / n;
        double variance = sumSq / n - mean * mean;
        double expectedVariance = 1 / (4 * (2 * alpha + 1));
        // standard error of the mean: sqrt(variance / n) <= 0.0025; allow 4 of them
        assertEquals(0.5, mean, 0.01, "alpha " + alpha);
        assertEquals(expectedVariance, variance, 0.06 * expectedVariance + 0.001, "alpha " + alpha);
    }

    @Test
    void alphaOneIsUniform() {
        SymmetricBeta beta = new SymmetricBeta(1);
        SplittableRandom rng = new SplittableRandom(11);
        int[] deciles = new int[10];
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            deciles[Math.min(9, (int) (beta.draw(rng) * 10))]++;
        }
        // 2,000 expected per decile, standard deviation ~42
        assertTrue(Arrays.stream(deciles).allMatch(c -> Math.abs(c - 2000) < 200), Arrays.toString(deciles));
    }

    @Test
    void theSameStreamGivesTheSameDraws() {
        SymmetricBeta beta = new SymmetricBeta(8);
        assertEquals(beta.draw(new SplittableRandom(3)), beta.draw(new SplittableRandom(3)));
    }

    @Test
    void alphaMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new SymmetricBeta(0));
        assertThrows(IllegalArgumentException.class, () -> new SymmetricBeta(Double.NaN));
    }
}
