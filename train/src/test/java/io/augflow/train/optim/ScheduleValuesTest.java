package io.augflow.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.PolySchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/** Each schedule type against its formula at hand-picked iterations. */
class ScheduleValuesTest {
    private static final double EPS = 1e-12;

    private static ISchedule schedule(String block) {
        return OptimizerConf.parse("optimizer { type = sgd, learning-rate = 0.1, schedule { " + block + " } }")
                .learningRateSchedule().orElseThrow();
    }

    @Test
    void noneWithoutWarmupIsAFixedRate() {
        OptimizerConf c = OptimizerConf.parse("optimizer { type = sgd, learning-rate = 0.1 }");
        assertTrue(c.learningRateSchedule().isEmpty());
        assertEquals(0.1, c.toUpdater().getLearningRate(12345, 3), EPS);
    }

    @Test
    void stepDividesEveryStepSizeIterations() {
        ISchedule s = schedule("type = step, decay-rate = 0.5, step-size = 10");
        assertInstanceOf(StepSchedule.class, s);
        // 0.1 * 0.5^floor(i / 10)
        assertEquals(0.1, s.valueAt(0, 0), EPS);
        assertEquals(0.1, s.valueAt(9, 0), EPS);
        assertEquals(0.05, s.valueAt(10, 0), EPS);
        assertEquals(0.025, s.valueAt(29, 0), EPS);
        assertEquals(0.0125, s.valueAt(30, 7), EPS);
    }

    @Test
    void exponentialMultipliesByGammaEachIteration() {
        ISchedule s = schedule("type = exponential, gamma = 0.9");
        assertInstanceOf(ExponentialSchedule.class, s);
        assertEquals(0.1, s.valueAt(0, 0), EPS);
        assertEquals(0.09, s.valueAt(1, 0), EPS);
        assertEquals(0.1 * 0.9 * 0.9 * 0.9, s.valueAt(3, 0), EPS);
    }

    @Test
    void polynomialDecaysToZeroAtMaxIterations() {
        ISchedule s = schedule("type = polynomial, power = 2, max-iterations = 100");
        // 0.1 * (1 - i/100)^2
        assertEquals(0.1, s.valueAt(0, 0), EPS);
        assertEquals(0.1 * 0.25, s.valueAt(50, 0), EPS);
        assertEquals(0.1 * 0.01, s.valueAt(90, 0), EPS);
        assertEquals(0.0, s.valueAt(100, 0), EPS);
        assertEquals(0.0, s.valueAt(1000, 0), EPS);
        ISchedule linear = schedule("type = polynomial, power = 1, max-iterations = 4");
        assertEquals(0.075, linear.valueAt(1, 0), EPS);
    }

    @Test
    void dl4jPolyScheduleGrowsWhichIsWhyWeHaveOurOwn() {
        // DL4J 1.0.0-M2.1: initial * (1 + i / max)^power; at i = 5 of 10 with power 2 that is 2.25, not 0.25.
        PolySchedule dl4j = new PolySchedule(ScheduleType.ITERATION, 1.0, 2.0, 10);
        assertTrue(dl4j.valueAt(5, 0) > 1.0, "DL4J PolySchedule changed: " + dl4j.valueAt(5, 0));
    }

    @Test
    void cosineFollowsHalfACosineToMinLr() {
        ISchedule s = schedule("type = cosine, max-iterations = 100, min-lr = 0.01");
        // 0.01 + 0.09 * (1 + cos(pi * i / 100)) / 2
        assertEquals(0.1, s.valueAt(0, 0), EPS);
        assertEquals(0.01 + 0.09 * 0.5, s.valueAt(50, 0), EPS);
        assertEquals(0.01 + 0.09 * (1 + Math.cos(Math.PI / 4)) / 2, s.valueAt(25, 0), EPS);
        assertEquals(0.01, s.valueAt(100, 0), EPS);
        assertEquals(0.01, s.valueAt(500, 0), EPS);
    }

    @Test
    void warmupRampsLinearlyThenHandsOverToTheCurveStartedAfresh() {
        ISchedule s = schedule("type = step, decay-rate = 0.5, step-size = 10, warmup-iterations = 4");
        assertInstanceOf(WarmupSchedule.class, s);
        assertEquals(0.0, s.valueAt(0, 0), EPS);
        assertEquals(0.025, s.valueAt(1, 0), EPS);
        assertEquals(0.05, s.valueAt(2, 0), EPS);
        assertEquals(0.075, s.valueAt(3, 0), EPS);
        // hand-over: iteration 4 is the step curve's iteration 0, 14 its iteration 10
        assertEquals(0.1, s.valueAt(4, 0), EPS);
        assertEquals(0.1, s.valueAt(13, 0), EPS);
        assertEquals(0.05, s.valueAt(14, 0), EPS);
        // linear: equal increments during the ramp
        for (int i = 0; i < 3; i++) {
            assertEquals(s.valueAt(i + 1, 0) - s.valueAt(i, 0), 0.025, EPS);
        }
    }

    @Test
    void warmupAloneRampsToTheFixedRate() {
        ISchedule s = schedule("warmup-iterations = 10");
        assertEquals(0.05, s.valueAt(5, 0), EPS);
        assertEquals(0.1, s.valueAt(10, 0), EPS);
        assertEquals(0.1, s.valueAt(1_000_000, 0), EPS);
    }

    @Test
    void clonesAreEqualValues() {
        for (String b : new String[] {"type = cosine, max-iterations = 7, warmup-iterations = 2",
                "type = polynomial, max-iterations = 7", "type = step"}) {
            ISchedule s = schedule(b);
            assertEquals(s, s.clone(), b);
            assertEquals(s.hashCode(), s.clone().hashCode(), b);
        }
    }
}
