package io.augflow.pipeline.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import io.augflow.pipeline.stats.DatasetStats;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamplingScheduleTest {

    /**
     * Classes of 100, 10 and 3 images, oversampled to the largest (100) with max-repeat 10: class 1 reaches
     * min(100, 10 x 10) = 100, class 2 min(100, 3 x 10) = 30. The prior the losses get is (100, 100, 30), not the
     * split's (100, 10, 3).
     */
    @Test
    void oversamplingPriorIsThePlansTargets() {
        DatasetStats stats = PlanFixtures.classification(0.999, 100, 10, 3);
        SamplingPlan plan = SamplingPlanner.fit(stats, PlanFixtures.conf(BalanceStrategy.OVERSAMPLE,
                new BalanceTarget.Largest(), 10));
        assertEquals(new ClassPrior(List.of(100L, 100L, 30L), "balancing plan oversample"),
                ClassPrior.of(stats, plan, 3));
        SamplingPlan none = SamplingPlanner.fit(stats, PlanConf.defaults());
        assertEquals(new ClassPrior(List.of(100L, 10L, 3L), "train split"), ClassPrior.of(stats, none, 3));
    }

    /**
     * Repeat-factor with t = 0.4 over 90 + 10 images: f = 0.9 and 0.1, r = max(1, sqrt(0.4 / f)) = 1 and 2, so the
     * expected epoch holds 90 and 20 samples of the classes; a class with no image has 0.
     */
    @Test
    void repeatFactorPriorIsTheExpectedEpoch() {
        DatasetStats stats = PlanFixtures.classification(0.999, 90, 10, 0);
        SamplingPlan plan = SamplingPlanner.fit(stats, new PlanConf(BalanceStrategy.REPEAT_FACTOR,
                new BalanceTarget.Largest(), 10, 0.4, 2, ClassWeighting.NONE, 42));
        assertEquals(List.of(90L, 20L, 0L), ClassPrior.of(stats, plan, 3).counts());
    }

    /** start-epoch 2: epochs 0 and 1 sample plainly with the split's prior, epoch 2 on by the plan. */
    @Test
    void deferredResamplingSwitchesPlanAndPriorAtTheStartEpoch() {
        DatasetStats stats = PlanFixtures.classification(0.999, 100, 10, 3);
        PlanConf conf = PlanConf.from(ConfigFactory.parseString("strategy = oversample, start-epoch = 2"));
        assertEquals(2, conf.startEpoch());
        SamplingSchedule schedule = SamplingSchedule.fit(stats, conf, 3);
        assertEquals(BalanceStrategy.NONE, schedule.forEpoch(0).strategy());
        assertEquals(BalanceStrategy.NONE, schedule.forEpoch(1).strategy());
        assertSame(schedule.balanced(), schedule.forEpoch(2));
        assertEquals(BalanceStrategy.OVERSAMPLE, schedule.forEpoch(5).strategy());
        assertEquals(List.of(100L, 10L, 3L), schedule.prior(1).counts());
        assertEquals(List.of(100L, 100L, 30L), schedule.prior(2).counts());
        assertEquals(0, PlanConf.from(ConfigFactory.parseString("strategy = oversample")).startEpoch());
        assertEquals("augflow.balance.start-epoch must be a whole number >= 0, got -1",
                assertThrows(IllegalArgumentException.class,
                        () -> PlanConf.from(ConfigFactory.parseString("start-epoch = -1"))).getMessage());
    }
}
