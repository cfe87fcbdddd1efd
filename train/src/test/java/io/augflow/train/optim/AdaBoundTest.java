package io.augflow.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * AdaBound against steps derived by hand, with beta1 = 0.5, beta2 = 0.75, epsilon = 0.1 and the gradient
 * g = (1, -2) on fresh state, so that at t = 1:
 * <pre>
 *   m = 0.5 * g = (0.5, -1);  v = 0.25 * g^2 = (0.25, 1), sqrt(v) = (0.5, 1)
 *   step size = lr * sqrt(1 - 0.75) / (1 - 0.5) = lr * 0.5 / 0.5 = lr
 *   Adam rate = lr / (sqrt(v) + 0.1) = (lr / 0.6, lr / 1.1)
 * </pre>
 * and with final = 0.1, gamma = 0.5 the bounds at t = 1 are
 * lower = 0.1 * (1 - 1 / (0.5 + 1)) = 1/30 and upper = 0.1 * (1 + 1 / 0.5) = 0.3.
 */
class AdaBoundTest {
    private static final double EPS = 1e-12;

    private static INDArray g() {
        return Nd4j.createFromArray(new double[][] {{1.0, -2.0}});
    }

    private static INDArray firstStep(AdaBound conf, int iteration) {
        GradientUpdater<AdaBound> u = conf.instantiate(Nd4j.zeros(DataType.DOUBLE, 1, 4), true);
        INDArray g = g();
        u.applyUpdater(g, iteration, 0);
        return g;
    }

    @Test
    void anAdamRateAboveTheUpperBoundIsClippedToIt() {
        // lr = 0.3: Adam rate = (0.3 / 0.6, 0.3 / 1.1) = (0.5, 0.27272...)
        //   0.5 > 0.3 -> 0.3;  3/11 in [1/30, 0.3] -> kept
        //   step = rate * m = (0.3 * 0.5, (3/11) * -1) = (0.15, -3/11)
        INDArray s = firstStep(new AdaBound(0.3, 0.5, 0.75, 0.1, 0.1, 0.5), 0);
        assertArrayEquals(new double[] {0.15, -3.0 / 11}, s.toDoubleVector(), EPS);
    }

    @Test
    void anAdamRateBelowTheLowerBoundIsRaisedToIt() {
        // lr = 0.01: Adam rate = (0.01 / 0.6, 0.01 / 1.1) = (0.01667, 0.00909), both < 1/30 -> 1/30
        //   step = (1/30) * (0.5, -1) = (1/60, -1/30)
        INDArray s = firstStep(new AdaBound(0.01, 0.5, 0.75, 0.1, 0.1, 0.5), 0);
        assertArrayEquals(new double[] {1.0 / 60, -1.0 / 30}, s.toDoubleVector(), EPS);
    }

    @Test
    void secondStepUsesTheUpdatedMomentsAndNarrowerBounds() {
        GradientUpdater<AdaBound> u = new AdaBound(0.3, 0.5, 0.75, 0.1, 0.1, 0.5)
                .instantiate(Nd4j.zeros(DataType.DOUBLE, 1, 4), true);
        u.applyUpdater(g(), 0, 0);
        // t = 2, g = (1, 2):
        //   m = 0.5 * (0.5, -1) + 0.5 * (1, 2) = (0.75, 0.5);  v = 0.75 * (0.25, 1) + 0.25 * (1, 4) = (0.4375, 1.75)
        //   step size = 0.3 * sqrt(1 - 0.75^2) / (1 - 0.5^2) = 0.3 * sqrt(0.4375) / 0.75 = 0.4 * sqrt(0.4375)
        //   Adam rate = 0.4 * sqrt(0.4375) / (sqrt(v) + 0.1)
        //             = (0.4 * sqrt(0.4375) / (sqrt(0.4375) + 0.1), 0.4 * sqrt(0.4375) / (sqrt(1.75) + 0.1))
        //             = (0.34747..., 0.18594...)
        //   bounds: lower = 0.1 * (1 - 1 / (0.5 * 2 + 1)) = 0.05, upper = 0.1 * (1 + 1 / (0.5 * 2)) = 0.2
        //   rate = (0.2, 0.18594...);  step = rate * m = (0.15, 0.5 * 0.18594...)
        INDArray g2 = Nd4j.createFromArray(new double[][] {{1.0, 2.0}});
        u.applyUpdater(g2, 1, 0);
        //   0.5 * 0.4 * 0.6614378 / (1.3228757 + 0.1) = 0.1322876 / 1.4228757 = 0.0929720
        assertArrayEquals(new double[] {0.15, 0.0929720}, g2.toDoubleVector(), 1e-7);
    }

    @Test
    void tendsToSgdAtTheFinalRateAsTGrows() {
        // gamma = 1e-3 at t = 10^6 (iteration 999999): gamma * t = 1000
        //   lower = 0.1 * (1 - 1/1001) = 0.0999000999...,  upper = 0.1 * (1 + 1/1000) = 0.1001
        //   a tiny Adam rate (lr = 1e-6) is raised to lower; a huge one (lr = 1e3) cut to upper;
        //   either way the step is within 0.1% of SGD with momentum at 0.1: 0.1 * m = (0.05, -0.1)
        int iteration = 999_999;
        INDArray low = firstStep(new AdaBound(1e-6, 0.5, 0.75, 0.1, 0.1, 1e-3), iteration);
        assertArrayEquals(new double[] {0.5 * 0.1 * 1000 / 1001, -0.1 * 1000 / 1001}, low.toDoubleVector(), EPS);
        INDArray high = firstStep(new AdaBound(1e3, 0.5, 0.75, 0.1, 0.1, 1e-3), iteration);
        assertArrayEquals(new double[] {0.5 * 0.1001, -0.1001}, high.toDoubleVector(), EPS);
        assertArrayEquals(new double[] {0.05, -0.1}, low.toDoubleVector(), 1e-4);
        assertArrayEquals(new double[] {0.05, -0.1}, high.toDoubleVector(), 1e-4);
        // the width of the bounds, final * (1/(gamma t) + 1/(gamma t + 1)), shrinks like 1/t
        assertEquals(0.1 * (1.0 / 1000 + 1.0 / 1001),
                AdaBoundUpdater.upperBound(0.1, 1e-3, iteration) - AdaBoundUpdater.lowerBound(0.1, 1e-3, iteration),
                EPS);
    }

    @Test
    void theFinalRateFollowsTheLearningRateSchedule() {
        // base lr 0.3, exponential schedule 0.3 * 0.5^i: at iteration 1 (t = 2) lr = 0.15,
        //   final = 0.1 * 0.15 / 0.3 = 0.05; bounds lower = 0.05 * (1 - 1/2) = 0.025, upper = 0.05 * (1 + 1) = 0.1
        //   step size = 0.15 * sqrt(1 - 0.75^2) / (1 - 0.5^2) = 0.2 * sqrt(0.4375) = 0.13229
        //   Adam rate = (0.13229 / 0.6, 0.13229 / 1.1) = (0.22048, 0.12026): both cut to 0.1
        //   (without the scaling the upper bound would be 0.2 and the second would pass)
        //   step = 0.1 * (0.5, -1) = (0.05, -0.1)
        AdaBound conf = new AdaBound(0.3, new ExponentialSchedule(ScheduleType.ITERATION, 0.3, 0.5),
                0.5, 0.75, 0.1, 0.1, 0.5);
        assertEquals(0.05, conf.boundTarget(1, 0), EPS);
        assertArrayEquals(new double[] {0.05, -0.1}, firstStep(conf, 1).toDoubleVector(), EPS);
    }

    @Test
    void reachesTheMinimumOfAQuadratic() {
        // f(theta) = 0.5 * sum a_i (theta_i - c_i)^2 with a = (1, 10), c = (3, -1); the bounds approach
        // final = 0.05, a stable SGD rate for curvature 10 (< 2 / 10)
        assertArrayEquals(new double[] {3.0, -1.0},
                Quadratic.minimise(new AdaBound(0.05, 0.9, 0.999, 1e-8, 0.05, 1e-3), 3000), 1e-3);
    }

    @Test
    void aBaseRateThatCannotScaleTheBoundsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AdaBound(0.0, 0.9, 0.999, 1e-8, 0.1, 1e-3));
        assertEquals("adabound learning rate must be a finite number > 0, got 0.0", e.getMessage());
    }
}
