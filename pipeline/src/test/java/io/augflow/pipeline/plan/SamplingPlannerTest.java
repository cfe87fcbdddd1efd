package io.augflow.pipeline.plan;

import static io.augflow.pipeline.plan.PlanFixtures.classification;
import static io.augflow.pipeline.plan.PlanFixtures.conf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.pipeline.stats.DatasetStats;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplingPlannerTest {
    private static final DatasetStats SKEWED = classification(0.999, 100, 30, 5, 1, 0);

    private static List<Long> targets(SamplingPlan plan) {
        return plan.classes().stream().map(ClassPlan::target).toList();
    }

    @Test
    void oversampleToTheLargestClassRespectsTheRepeatCap() {
        SamplingPlan plan = SamplingPlanner.fit(SKEWED, conf(BalanceStrategy.OVERSAMPLE, new BalanceTarget.Largest(), 10));
        // 5 rows * 10 = 50 and 1 row * 10 = 10 cap what 100 asks for; nothing comes from an empty class.
        assertEquals(List.of(100L, 100L, 50L, 10L, 0L), targets(plan));
        assertEquals(List.of(100L, 100L, 100L, 100L, 100L), plan.classes().stream().map(ClassPlan::requested).toList());
        for (ClassPlan c : plan.classes()) {
            assertTrue(c.target() <= c.rows() * 10 && c.target() >= c.rows(), c.toString());
        }
    }

    @Test
    void undersampleKeepsAtMostTheTargetAndNeverRepeats() {
        assertEquals(List.of(1L, 1L, 1L, 1L, 0L), targets(SamplingPlanner.fit(SKEWED,
                conf(BalanceStrategy.UNDERSAMPLE, new BalanceTarget.Smallest(), 10))));
        assertEquals(List.of(20L, 20L, 5L, 1L, 0L), targets(SamplingPlanner.fit(SKEWED,
                conf(BalanceStrategy.UNDERSAMPLE, new BalanceTarget.Uniform(20), 10))));
    }

    @Test
    void overUnderHitsAnExplicitClassCountMapAndLeavesUnnamedClassesAlone() {
        SamplingPlan plan = SamplingPlanner.fit(SKEWED, conf(BalanceStrategy.OVER_UNDER,
                new BalanceTarget.PerClass(Map.of(0, 50L, 1, 60L, 3, 7L, 4, 9L)), 10));
        assertEquals(List.of(50L, 60L, 5L, 7L, 0L), targets(plan));
    }

    @Test
    void squareRootTargetsFollowTheirScale() {
        List<Long> over = targets(SamplingPlanner.fit(SKEWED, conf(BalanceStrategy.OVERSAMPLE,
                new BalanceTarget.SquareRoot(), 1000)));
        List<Long> under = targets(SamplingPlanner.fit(SKEWED, conf(BalanceStrategy.UNDERSAMPLE,
                new BalanceTarget.SquareRoot(), 10)));
        List<Long> both = targets(SamplingPlanner.fit(SKEWED, conf(BalanceStrategy.OVER_UNDER,
                new BalanceTarget.SquareRoot(), 1000)));
        long[] n = {100, 30, 5, 1, 0};
        double sqrtSum = 10 + Math.sqrt(30) + Math.sqrt(5) + 1;
        for (int c = 0; c < n.length; c++) {
            assertEquals(Math.round(Math.sqrt(n[c] * 100.0)), over.get(c), "over " + c);
            assertEquals(Math.round(Math.sqrt(n[c] * 1.0)), under.get(c), "under " + c);
            assertEquals(Math.round(136 * Math.sqrt(n[c]) / sqrtSum), both.get(c), "over-under " + c);
        }
        assertEquals(100L, over.get(0));
        assertEquals(1L, under.get(3));
        assertEquals(136, both.stream().mapToLong(Long::longValue).sum(), 2);
    }

    @Test
    void lvisRepeatFactorOnAHandComputableCase() {
        // 100 images; class 0 in all, class 1 in 1 (f = 0.01), class 2 in 4 (f = 0.04), class 3 in 2 (f = 0.02).
        DatasetStats stats = PlanFixtures.detection(100, 100, 1, 4, 2);
        PlanConf conf = new PlanConf(BalanceStrategy.REPEAT_FACTOR, new BalanceTarget.Largest(), 10, 0.04, 2,
                ClassWeighting.NONE, 7);
        SamplingPlan plan = SamplingPlanner.fit(stats, conf);
        assertEquals(1.0, plan.classPlan(0).repeatFactor(), 1e-12);          // max(1, sqrt(0.04 / 1))
        assertEquals(2.0, plan.classPlan(1).repeatFactor(), 1e-12);          // sqrt(0.04 / 0.01)
        assertEquals(1.0, plan.classPlan(2).repeatFactor(), 1e-12);          // sqrt(0.04 / 0.04)
        assertEquals(Math.sqrt(2), plan.classPlan(3).repeatFactor(), 1e-12); // sqrt(0.04 / 0.02)
        assertEquals(2.0, plan.imageRepeatFactor(new int[] {0, 1, 3}), 1e-12);
        assertEquals(Math.sqrt(2), plan.imageRepeatFactor(new int[] {0, 3}), 1e-12);
        assertEquals(1.0, plan.imageRepeatFactor(new int[] {}), 1e-12);

        PlanConf capped = new PlanConf(BalanceStrategy.REPEAT_FACTOR, new BalanceTarget.Largest(), 5, 1.0, 2,
                ClassWeighting.NONE, 7);
        assertEquals(5.0, SamplingPlanner.fit(stats, capped).classPlan(1).repeatFactor(), 1e-12); // sqrt(100) capped
    }

    @Test
    void lvisStochasticRoundingIsUnbiasedAndRedrawnPerEpoch() {
        SamplingPlan plan = SamplingPlanner.fit(PlanFixtures.detection(100, 100, 1, 4, 2),
                new PlanConf(BalanceStrategy.REPEAT_FACTOR, new BalanceTarget.Largest(), 10, 0.04, 2,
                        ClassWeighting.NONE, 7));
        int[] classes = {0, 3};
        long sum = 0;
        int draws = 20_000;
        int changed = 0;
        for (int i = 0; i < draws; i++) {
            int k = plan.repeats("img-" + i, classes, false, 1);
            assertTrue(k == 1 || k == 2, "k = " + k);
            assertEquals(k, plan.repeats("img-" + i, classes, false, 1), "same (seed, epoch, id), same count");
            changed += k != plan.repeats("img-" + i, classes, false, 2) ? 1 : 0;
            sum += k;
        }
        // mean sqrt(2) = 1.4142; the standard error of the mean is about 0.0035
        assertEquals(Math.sqrt(2), (double) sum / draws, 0.015);
        assertTrue(changed > draws / 3, "another epoch redraws: " + changed);
    }

    @Test
    void smallObjectRowsAreUsedKTimesAndNoneMeansOnce() {
        PlanConf conf = new PlanConf(BalanceStrategy.SMALL_OBJECT, new BalanceTarget.Largest(), 10, 0.001, 3,
                ClassWeighting.NONE, 1);
        SamplingPlan plan = SamplingPlanner.fit(SKEWED, conf);
        SamplingPlan none = SamplingPlanner.fit(SKEWED, PlanConf.defaults());
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < 200; i++) {
            int[] classes = {rng.nextInt(5)};
            boolean small = rng.nextBoolean();
            assertEquals(small ? 3 : 1, plan.repeats("r" + i, classes, small, rng.nextInt(10)));
            assertEquals(1, none.repeats("r" + i, classes, small, rng.nextInt(10)));
        }
    }

    @Test
    void countStrategiesRefuseToGuessWithoutTheEpochsQuota() {
        SamplingPlan plan = SamplingPlanner.fit(SKEWED, conf(BalanceStrategy.OVERSAMPLE, new BalanceTarget.Largest(), 10));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> plan.repeats("a", new int[] {1}, false, 0));
        assertTrue(e.getMessage().contains("oversample"), e.getMessage());
        EpochQuota epoch3 = new EpochQuota(3, List.of(new ClassQuota(1, 30, 100, 0, "x")));
        assertThrows(IllegalArgumentException.class, () -> plan.repeats("a", new int[] {1}, false, 4, epoch3));
    }

    @Test
    void quotaGivesExactTotalsWhateverTheBoundary() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rng.nextInt(40);
            long target = rng.nextInt(400);
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) {
                keys[i] = rng.nextLong();
            }
            long[] sorted = keys.clone();
            java.util.Arrays.sort(sorted);
            long extra = target % n;
            long boundary = extra == 0 ? 0 : sorted[(int) extra - 1];
            EpochQuota q = new EpochQuota(0, List.of(new ClassQuota(2, n, target, boundary, "id")));
            long total = 0;
            for (int i = 0; i < n; i++) {
                int k = q.repeats(2, keys[i], "id");
                assertTrue(k == target / n || k == target / n + 1);
                total += k;
            }
            assertEquals(target, total, "n " + n + " target " + target);
            assertEquals(1, q.repeats(5, 0, "other class"));
        }
    }

    @Test
    void planSerialisesToJson() {
        String json = SamplingPlanner.fit(SKEWED, conf(BalanceStrategy.OVERSAMPLE, new BalanceTarget.Largest(), 10))
                .toJson();
        assertTrue(json.contains("\"strategy\" : \"oversample\""), json);
        assertTrue(json.contains("\"target\" : 50"), json);
    }
}
