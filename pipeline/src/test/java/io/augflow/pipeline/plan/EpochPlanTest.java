package io.augflow.pipeline.plan;

import static io.augflow.pipeline.testing.TestRows.box;
import static io.augflow.pipeline.testing.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.augflow.pipeline.dataset.DatasetSchema;
import io.augflow.pipeline.stats.DatasetStatistics;
import io.augflow.pipeline.stats.DatasetStats;
import io.augflow.pipeline.stats.StatsConf;
import io.augflow.pipeline.testing.TestRows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The plan applied in Spark: exact totals, determinism, epochs, detection rows. One session for all. */
class EpochPlanTest {
    private static SparkSession spark;
    private static Dataset<Row> skewed;
    private static DatasetStats skewedStats;

    @BeforeAll
    static void start() {
        spark = TestRows.spark();
        skewed = TestRows.frame(spark, TestRows.classification(100, 30, 5, 1)).cache();
        skewedStats = DatasetStatistics.compute(skewed, StatsConf.defaults(), 5);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Uses per id, from the expanded rows (small test data only), checking repeats are numbered 0..k-1. */
    private static Map<String, Integer> usesById(Dataset<Row> expanded) {
        Map<String, TreeSet<Integer>> repeats = new TreeMap<>();
        for (Row r : expanded.select(DatasetSchema.ID, EpochPlan.REPEAT).collectAsList()) {
            assertTrue(repeats.computeIfAbsent(r.getString(0), k -> new TreeSet<>()).add(r.getInt(1)),
                    "repeat index used twice for " + r.getString(0));
        }
        Map<String, Integer> uses = new TreeMap<>();
        repeats.forEach((id, set) -> {
            assertEquals(set.size() - 1, set.last(), "repeat indices of " + id + " are 0..k-1: " + set);
            uses.put(id, set.size());
        });
        return uses;
    }

    /** Rows per label in the expansion, computed in Spark. */
    private static Map<Integer, Long> perLabel(Dataset<Row> expanded) {
        Map<Integer, Long> counts = new TreeMap<>();
        for (Row r : expanded.groupBy(DatasetSchema.LABEL).count().collectAsList()) {
            counts.put(r.getInt(0), r.getLong(1));
        }
        return counts;
    }

    private static SamplingPlan plan(BalanceStrategy strategy, BalanceTarget target, int maxRepeat) {
        return SamplingPlanner.fit(skewedStats, PlanFixtures.conf(strategy, target, maxRepeat));
    }

    @Test
    void countStrategiesHitTheirTargetsExactlyForEveryEpoch() {
        Map<String, SamplingPlan> plans = Map.of(
                "oversample max", plan(BalanceStrategy.OVERSAMPLE, new BalanceTarget.Largest(), 10),
                "oversample sqrt", plan(BalanceStrategy.OVERSAMPLE, new BalanceTarget.SquareRoot(), 10),
                "undersample 20", plan(BalanceStrategy.UNDERSAMPLE, new BalanceTarget.Uniform(20), 10),
                "over-under map", plan(BalanceStrategy.OVER_UNDER,
                        new BalanceTarget.PerClass(Map.of(0, 50L, 1, 73L, 3, 7L, 4, 9L)), 10));
        plans.forEach((name, plan) -> {
            for (int epoch = 0; epoch < 2; epoch++) {
                Dataset<Row> expanded = EpochPlan.expand(skewed, plan, epoch);
                Map<Integer, Long> expected = new TreeMap<>();
                for (ClassPlan c : plan.classes()) {
                    if (c.rows() > 0) {
                        expected.put(c.classId(), c.target());
                    }
                }
                assertEquals(expected, perLabel(expanded), name + ", epoch " + epoch);
                Map<String, Integer> uses = usesById(expanded);
                for (Map.Entry<String, Integer> e : uses.entrySet()) {
                    ClassPlan c = plan.classPlan(Integer.parseInt(e.getKey().substring(1, e.getKey().indexOf('-'))));
                    long base = c.target() / c.rows();
                    assertTrue(e.getValue() == base || e.getValue() == base + 1, name + ": " + e);
                    assertTrue(e.getValue() <= plan.maxRepeat(), name + ": cap, " + e);
                }
            }
        });
        // the hand-checked numbers: 100 rows; 30 rows to 100; 5 rows capped at 5 * 10; 1 row capped at 10
        assertEquals(Map.of(0, 100L, 1, 100L, 2, 50L, 3, 10L),
                perLabel(EpochPlan.expand(skewed, plans.get("oversample max"), 3)));
        assertEquals(Map.of(0, 20L, 1, 20L, 2, 5L, 3, 1L),
                perLabel(EpochPlan.expand(skewed, plans.get("undersample 20"), 3)));
    }

    @Test
    void sameSeedAndEpochSameRowsAnotherEpochOtherRowsSameTotals() {
        SamplingPlan plan = plan(BalanceStrategy.OVERSAMPLE, new BalanceTarget.Largest(), 10);
        Map<String, Integer> first = usesById(EpochPlan.expand(skewed, plan, 1));
        assertEquals(first, usesById(EpochPlan.expand(skewed, plan, 1)));
        Map<String, Integer> next = usesById(EpochPlan.expand(skewed, plan, 2));
        assertNotEquals(first, next, "stochastic rounding is redrawn per epoch");
        assertEquals(first.values().stream().mapToInt(Integer::intValue).sum(),
                next.values().stream().mapToInt(Integer::intValue).sum());

        SamplingPlan otherSeed = SamplingPlanner.fit(skewedStats, new PlanConf(BalanceStrategy.OVERSAMPLE,
                new BalanceTarget.Largest(), 10, 0.001, 2, ClassWeighting.NONE, 43));
        assertNotEquals(first, usesById(EpochPlan.expand(skewed, otherSeed, 1)));
    }

    @Test
    void undersamplingKeepsDifferentRowsEachEpoch() {
        SamplingPlan plan = plan(BalanceStrategy.UNDERSAMPLE, new BalanceTarget.Smallest(), 10);
        Map<String, Integer> e0 = usesById(EpochPlan.expand(skewed, plan, 0));
        Map<String, Integer> e1 = usesById(EpochPlan.expand(skewed, plan, 1));
        assertEquals(4, e0.size());
        assertEquals(4, e1.size());
        assertNotEquals(e0.keySet(), e1.keySet());
        assertEquals(1, EpochPlan.quota(skewed, plan, 0).byClass().get(0).target());
    }

    @Test
    void noneKeepsEveryRowOnceWithRepeatZero() {
        Dataset<Row> expanded = EpochPlan.expand(skewed, plan(BalanceStrategy.NONE, new BalanceTarget.Largest(), 10), 0);
        assertEquals(136, expanded.count());
        assertEquals(0, expanded.filter(expanded.col(EpochPlan.REPEAT).notEqual(0)).count());
        assertEquals(DatasetSchema.SCHEMA.length() + 1, expanded.schema().length());
        assertThrows(IllegalArgumentException.class,
                () -> EpochPlan.expand(expanded, plan(BalanceStrategy.NONE, new BalanceTarget.Largest(), 10), 0));
    }

    /**
     * Detection rows: 40 images of class 0 alone, 10 of classes 0 and 1 (primary class 1, the rarer),
     * 3 of class 2 with a small box, 2 background images.
     */
    private static Dataset<Row> detection() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rows.add(row("p0-" + i, null, "train", box(0, 0, 0, 60, 60)));
        }
        for (int i = 0; i < 10; i++) {
            rows.add(row("p1-" + i, null, "train", box(0, 0, 0, 60, 60), box(1, 5, 5, 40, 40), box(1, 9, 9, 50, 50)));
        }
        for (int i = 0; i < 3; i++) {
            rows.add(row("p2-" + i, null, "train", box(2, 0, 0, 8, 8)));
        }
        rows.add(row("bg-0", null, "train"));
        rows.add(row("bg-1", null, "train"));
        return TestRows.frame(spark, rows);
    }

    private static Map<String, Long> perPrefix(Map<String, Integer> uses) {
        Map<String, Long> m = new TreeMap<>();
        uses.forEach((id, k) -> m.merge(id.substring(0, 2), (long) k, Long::sum));
        return m;
    }

    @Test
    void detectionRowsAreExactPerPrimaryClassAndBackgroundIsKept() {
        Dataset<Row> rows = detection();
        DatasetStats stats = DatasetStatistics.compute(rows, StatsConf.defaults());
        assertEquals(50, stats.classStats(0).images());
        assertEquals(40, stats.classStats(0).primaryImages());
        assertEquals(10, stats.classStats(1).primaryImages());
        SamplingPlan plan = SamplingPlanner.fit(stats, PlanFixtures.conf(BalanceStrategy.OVERSAMPLE,
                new BalanceTarget.Largest(), 10));
        // primary 0: 40; primary 1: 10 rows to 40; primary 2: 3 rows to 30 (cap 10); background once each
        assertEquals(Map.of("p0", 40L, "p1", 40L, "p2", 30L, "bg", 2L),
                perPrefix(usesById(EpochPlan.expand(rows, plan, 0))));

        SamplingPlan small = SamplingPlanner.fit(stats, new PlanConf(BalanceStrategy.SMALL_OBJECT,
                new BalanceTarget.Largest(), 10, 0.001, 4, ClassWeighting.NONE, 42));
        assertEquals(Map.of("p0", 40L, "p1", 10L, "p2", 12L, "bg", 2L),
                perPrefix(usesById(EpochPlan.expand(rows, small, 0))));
    }

    /**
     * [repeat-factor, small-object] on the executors: whole factors are exact, a crowd region is no small object,
     * and EpochClassCounts, the expansion and the driver's ExpectedEpoch agree.
     */
    @Test
    void combinedRepeatFactorAndSmallObjectOnSparkRows() {
        List<Row> list = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            list.add(row("common-" + i, null, "train", box(0, 0, 0, 60, 60)));
        }
        for (int i = 0; i < 3; i++) {
            list.add(row("tiny-" + i, null, "train", box(0, 0, 0, 60, 60), box(0, 1, 1, 5, 5)));
        }
        list.add(row("rare", null, "train", box(1, 0, 0, 60, 60)));
        list.add(row("crowd", null, "train", box(0, 0, 0, 60, 60), TestRows.crowdBox(0, 1, 1, 5, 5)));
        Dataset<Row> rows = TestRows.frame(spark, list);
        DatasetStats stats = DatasetStatistics.compute(rows, StatsConf.defaults(), 2);
        // 21 images; class 0 in 20 (r = 1 with t = 0.25), class 1 in 1: r = sqrt(0.25 / (1/21)) = 2.29 -> cap 2
        SamplingPlan plan = SamplingPlanner.fit(stats, PlanConf.from(ConfigFactory.parseString(
                "strategy = [repeat-factor, small-object], repeat-threshold = 0.25, max-repeat = 2,"
                        + " small-object-repeat = 2")));
        Map<String, Integer> uses = usesById(EpochPlan.expand(rows, plan, 1));
        uses.forEach((id, k) -> assertEquals(id.startsWith("tiny") || id.equals("rare") ? 2 : 1, k, id));
        EpochClassCounts counts = EpochClassCounts.of(rows, plan, 1);
        assertEquals(16 + 3 * 2 + 2 + 1, counts.rows());
        ExpectedEpoch expected = ExpectedEpoch.of(plan, stats);
        assertEquals(counts.rows(), expected.rows(), 1e-9);
        assertEquals(6, expected.smallObjectRows(), 1e-9);
    }

    @Test
    void repeatFactorRowsGetFloorOrCeilingOfTheirImageFactor() {
        Dataset<Row> rows = detection();
        DatasetStats stats = DatasetStatistics.compute(rows, StatsConf.defaults());
        SamplingPlan plan = SamplingPlanner.fit(stats, new PlanConf(BalanceStrategy.REPEAT_FACTOR,
                new BalanceTarget.Largest(), 3, 0.5, 2, ClassWeighting.NONE, 42));
        // f = 50/55, 10/55, 3/55; r = max(1, sqrt(0.5 / f)) = 1, 1.658, 3.03 -> capped at 3
        Map<String, Integer> uses = usesById(EpochPlan.expand(rows, plan, 0));
        uses.forEach((id, k) -> {
            double r = switch (id.substring(0, 2)) {
                case "p1" -> Math.sqrt(0.5 / (10.0 / 55));
                case "p2" -> 3.0;
                default -> 1.0;
            };
            assertTrue(k == Math.floor(r) || k == Math.ceil(r), id + " used " + k + " times for r = " + r);
        });
    }
}
