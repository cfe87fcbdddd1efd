package io.augflow.train.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The Parzen estimators TPE compares: proper densities on their domain, sampled as they score. */
class ParzenDensityTest {

    @Test
    void theTruncatedMixtureIntegratesToOneOverItsRange() {
        GaussianParzen density = new GaussianParzen(-2, 3, new double[] {-1.9, 0.1, 0.2, 2.9});
        // midpoint rule with 100,000 cells
        int cells = 100_000;
        double width = 5.0 / cells;
        double integral = 0;
        for (int i = 0; i < cells; i++) {
            integral += Math.exp(density.logDensity(-2 + (i + 0.5) * width)) * width;
        }
        assertEquals(1.0, integral, 1e-4);
    }

    @Test
    void samplesStayInRangeAndGatherWhereManyObservationsAre() {
        double[] observations = new double[60];
        for (int i = 0; i < observations.length; i++) {
            observations[i] = 1.7 + 0.01 * i;   // 60 points on [1.7, 2.29]
        }
        GaussianParzen density = new GaussianParzen(0, 10, observations);
        SplittableRandom rng = new SplittableRandom(3);
        int near = 0;
        for (int i = 0; i < 5000; i++) {
            double x = density.sample(rng);
            assertTrue(x >= 0 && x <= 10, "x " + x);
            near += Math.abs(x - 2) < 1 ? 1 : 0;
        }
        // 60 of 61 kernels sit there with width 10 / 62 = 0.16 (the floor: the gaps are 0.01); the prior kernel puts
        // about a tenth of its mass there: expect about (60 + 0.1) / 61 = 98.5 %
        assertTrue(near > 5000 * 0.95, near + " of 5000 within 1 of the observations");
        assertTrue(density.logDensity(2) > density.logDensity(8));
    }

    @Test
    void fewObservationsGetBroadKernels() {
        GaussianParzen few = new GaussianParzen(0, 10, new double[] {2});
        GaussianParzen many = new GaussianParzen(0, 10, new double[] {2, 2, 2, 2, 2, 2, 2, 2, 2, 2});
        assertTrue(many.logDensity(2) > few.logDensity(2) + 0.5, "more evidence, sharper peak");
    }

    @Test
    void categoricalCountsAreSmoothedByOnePseudoCountPerOption() {
        CategoricalParzen density = new CategoricalParzen(3, new int[] {0, 0, 1});
        // (2 + 1) / 6, (1 + 1) / 6, (0 + 1) / 6
        assertEquals(Math.log(3.0 / 6), density.logDensity(0), 1e-12);
        assertEquals(Math.log(2.0 / 6), density.logDensity(1), 1e-12);
        assertEquals(Math.log(1.0 / 6), density.logDensity(2), 1e-12);
        int[] counts = new int[3];
        SplittableRandom rng = new SplittableRandom(9);
        for (int i = 0; i < 6000; i++) {
            counts[(int) density.sample(rng)]++;
        }
        assertEquals(3000, counts[0], 150);
        assertEquals(2000, counts[1], 150);
        assertEquals(1000, counts[2], 150);
    }

    @Test
    void erfMatchesKnownValues() {
        // tabulated: erf(0.5) = 0.5204998778, erf(1) = 0.8427007929, erf(2) = 0.9953222650
        assertEquals(0.5204998778, Normal.erf(0.5), 2e-7);
        assertEquals(0.8427007929, Normal.erf(1), 2e-7);
        assertEquals(-0.9953222650, Normal.erf(-2), 2e-7);
        assertEquals(0.5, Normal.cdf(0), 1e-9);
    }
}
