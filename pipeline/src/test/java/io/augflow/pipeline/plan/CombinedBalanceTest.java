package io.augflow.pipeline.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.augflow.pipeline.stats.ClassStats;
import io.augflow.pipeline.stats.DatasetStats;
import io.augflow.pipeline.stats.DuplicateIds;
import io.augflow.pipeline.stats.QuarantineCounts;
import io.augflow.pipeline.stats.SizeBuckets;
import io.augflow.pipeline.stats.StatsConf;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code balance.strategy = [repeat-factor, small-object]}: a row's factor is the max of its LVIS class factor and
 * the small-object factor. Everything is checked on one table of 100 images, by hand:
 *
 * <pre>
 * kind          n  classes  small  primary  r_class  k   max  (product, not chosen)
 * rare only     2  {0, 1}   no     1        2        -   2
 * rare + small  2  {1}      yes    1        2        3   3    6
 * small only   10  {0}      yes    0        1        3   3
 * neither      68  {0}      no     0        1        -   1
 * mid          6  {2}      no     2        4/3      -   4/3
 * mid + small   3  {2}      yes    2        4/3      3   3    4
 * background    9  {}       no     -        -        -   1
 * </pre>
 *
 * With t = 0.16: class 0 is in 80 images (f = 0.8, r = max(1, sqrt(0.2)) = 1), class 1 in 4 (f = 0.04,
 * r = sqrt(4) = 2), class 2 in 9 (f = 0.09, r = sqrt(16/9) = 4/3); k = small-object-repeat = 3, max-repeat 10.
 */
class CombinedBalanceTest {
    private static final double T = 0.16;
    private static final int K = 3;
    private static final DatasetStats STATS = stats();

    /** One kind of image in the table. */
    private record Kind(String name, int count, int[] classes, boolean small) {}

    private static final List<Kind> TABLE = List.of(
            new Kind("rare", 2, new int[] {0, 1}, false),
            new Kind("rare-small", 2, new int[] {1}, true),
            new Kind("small", 10, new int[] {0}, true),
            new Kind("neither", 68, new int[] {0}, false),
            new Kind("mid", 6, new int[] {2}, false),
            new Kind("mid-small", 3, new int[] {2}, true),
            new Kind("bg", 9, new int[] {}, false));

    /** The statistics of the table, written down by hand (images, primary images, primary images with small). */
    private static DatasetStats stats() {
        StatsConf conf = new StatsConf(1024, 9216, 0.999, List.of("train"));
        List<ClassStats> classes = List.of(
                new ClassStats(0, 80, 78, 80, 0.8, 0, new SizeBuckets(10, 0, 70), 10, 0, 10),
                new ClassStats(1, 4, 4, 4, 0.04, 0, new SizeBuckets(2, 0, 2), 2, 0, 2),
                new ClassStats(2, 9, 9, 9, 0.09, 0, new SizeBuckets(3, 0, 6), 3, 0, 3));
        return new DatasetStats(conf, 100, 93, 9, 15, new SizeBuckets(15, 0, 78), classes, 20.0, List.of(),
                new DuplicateIds(0, 0, List.of()), QuarantineCounts.absent());
    }

    private static SamplingPlan plan(String strategy) {
        return SamplingPlanner.fit(STATS, PlanConf.from(ConfigFactory.parseString("strategy = " + strategy
                + ", repeat-threshold = " + T + ", small-object-repeat = " + K + ", max-repeat = 10"), 11));
    }

    private static final SamplingPlan COMBINED = plan("[repeat-factor, small-object]");
    private static final SamplingPlan LVIS = plan("repeat-factor");
    private static final SamplingPlan SMALL = plan("small-object");

    private static Kind kind(String name) {
        return TABLE.stream().filter(k -> k.name.equals(name)).findFirst().orElseThrow();
    }

    @Test
    void handComputedRepeatFactors() {
        assertEquals(1.0, COMBINED.classPlan(0).repeatFactor(), 1e-12);
        assertEquals(2.0, COMBINED.classPlan(1).repeatFactor(), 1e-12);
        assertEquals(4.0 / 3, COMBINED.classPlan(2).repeatFactor(), 1e-12);
        Map<String, Double> expected = Map.of("rare", 2.0, "rare-small", 3.0, "small", 3.0, "neither", 1.0,
                "mid", 4.0 / 3, "mid-small", 3.0, "bg", 1.0);
        expected.forEach((name, r) -> assertEquals(r, COMBINED.rowRepeatFactor(kind(name).classes, kind(name).small),
                1e-12, name));
        // whole factors are used exactly that many times, in every epoch
        for (int epoch = 0; epoch < 5; epoch++) {
            assertEquals(2, COMBINED.repeats("rare-0", kind("rare").classes, false, epoch));
            assertEquals(3, COMBINED.repeats("rs-0", kind("rare-small").classes, true, epoch));
            assertEquals(3, COMBINED.repeats("s-0", kind("small").classes, true, epoch));
            assertEquals(1, COMBINED.repeats("n-0", kind("neither").classes, false, epoch));
            assertEquals(3, COMBINED.repeats("ms-0", kind("mid-small").classes, true, epoch));
            assertEquals(1, COMBINED.repeats("bg-0", new int[] {}, false, epoch));
        }
    }

    @Test
    void expectedEpochOnTheDriverMatchesTheHandComputation() {
        // per primary class: 0: 68 * 1 + 10 * 3 = 98; 1: 2 * 2 + 2 * 3 = 10; 2: 6 * 4/3 + 3 * 3 = 17; bg: 9
        ExpectedEpoch combined = ExpectedEpoch.of(COMBINED, STATS);
        assertEquals(98, combined.rowsOfPrimary(0), 1e-9);
        assertEquals(10, combined.rowsOfPrimary(1), 1e-9);
        assertEquals(17, combined.rowsOfPrimary(2), 1e-9);
        assertEquals(134, combined.rows(), 1e-9);
        assertEquals(10 * 3 + 2 * 3 + 3 * 3, combined.smallObjectRows(), 1e-9);

        // each criterion alone: repeat-factor 78 + 8 + 12 + 9; small-object 98 + 8 + 15 + 9
        ExpectedEpoch lvis = ExpectedEpoch.of(LVIS, STATS);
        assertEquals(107, lvis.rows(), 1e-9);
        assertEquals(10 + 2 * 2 + 3 * 4.0 / 3, lvis.smallObjectRows(), 1e-9);
        ExpectedEpoch small = ExpectedEpoch.of(SMALL, STATS);
        assertEquals(130, small.rows(), 1e-9);
        assertEquals(45, small.smallObjectRows(), 1e-9);
        assertEquals(100, ExpectedEpoch.of(plan("none"), STATS).rows(), 1e-9);
    }

    /** Property check: the seeded per-row draws average, over many epochs, to the hand-computed expectation. */
    @Test
    void aSeededSimulationAgreesWithTheExpectation() {
        int epochs = 400;
        long rows = 0;
        long small = 0;
        long[] imagesOfClass = new long[3];
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (Kind k : TABLE) {
                for (int i = 0; i < k.count; i++) {
                    int uses = COMBINED.repeats(k.name + "-" + i, k.classes, k.small, epoch);
                    rows += uses;
                    small += k.small ? uses : 0;
                    for (int c : k.classes) {
                        imagesOfClass[c] += uses;
                    }
                }
            }
        }
        // only the 6 "mid" rows are random (Bernoulli(1/3) extra use): the sd of an epoch's total is
        // sqrt(6 * 1/3 * 2/3) = 1.15, of the mean over 400 epochs 0.058; 0.3 is five of those
        assertEquals(134, (double) rows / epochs, 0.3);
        assertEquals(45, (double) small / epochs, 1e-9, "small-object rows have whole factors");
        // images containing each class: class 0 in "rare" (2 x 2), "small" (10 x 3), "neither" (68 x 1)
        assertEquals(102, (double) imagesOfClass[0] / epochs, 1e-9);
        assertEquals(10, (double) imagesOfClass[1] / epochs, 1e-9);
        assertEquals(17, (double) imagesOfClass[2] / epochs, 0.3);
    }

    @Test
    void perRowUsesAreReproducibleFromSeedEpochAndId() {
        SamplingPlan again = plan("[small-object, repeat-factor]");
        int differ = 0;
        for (int i = 0; i < 300; i++) {
            String id = "mid-" + i;
            int k = COMBINED.repeats(id, kind("mid").classes, false, 4);
            assertEquals(k, again.repeats(id, kind("mid").classes, false, 4), id);
            differ += k != COMBINED.repeats(id, kind("mid").classes, false, 5) ? 1 : 0;
        }
        assertTrue(differ > 50, "another epoch redraws: " + differ);
    }

    /** Property: with the same draw the combined count is at least each criterion's, and at most max-repeat. */
    @Test
    void theCombinedCountIsTheMaxOfBothCriteria() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 2000; i++) {
            List<Integer> cs = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                if (rng.nextBoolean()) {
                    cs.add(c);
                }
            }
            int[] classes = cs.stream().mapToInt(Integer::intValue).toArray();
            boolean hasSmall = rng.nextBoolean();
            int epoch = rng.nextInt(20);
            String id = "r" + i;
            assertEquals(Math.max(LVIS.rowRepeatFactor(classes, hasSmall), SMALL.rowRepeatFactor(classes, hasSmall)),
                    COMBINED.rowRepeatFactor(classes, hasSmall), 1e-12, id);
            int k = COMBINED.repeats(id, classes, hasSmall, epoch);
            assertTrue(k >= LVIS.repeats(id, classes, hasSmall, epoch), id);
            assertTrue(k >= SMALL.repeats(id, classes, hasSmall, epoch), id);
            assertTrue(k <= 10, id);
        }
    }

    @Test
    void singleValuesAndOneElementListsAreTheOldStrategies() {
        for (BalanceStrategy s : BalanceStrategy.values()) {
            PlanConf single = PlanConf.from(ConfigFactory.parseString("strategy = " + s.key()));
            assertEquals(new PlanConf(s, new BalanceTarget.Largest(), 10, 0.001, 2, ClassWeighting.NONE, 42), single);
            assertEquals(single, PlanConf.from(ConfigFactory.parseString("strategy = [" + s.key() + "]")));
            assertFalse(single.combinedWithSmallObject());
            assertEquals(s.key(), single.strategyKey());
        }
        // a plain repeat-factor plan ignores small objects, as before
        for (int i = 0; i < 200; i++) {
            assertEquals(LVIS.repeats("m" + i, kind("mid").classes, false, 2),
                    LVIS.repeats("m" + i, kind("mid").classes, true, 2));
        }
        assertTrue(LVIS.toJson().contains("\"strategy\" : \"repeat-factor\""), LVIS.toJson());
    }

    @Test
    void aListInEitherOrderOrCommaSeparatedIsTheCombination() {
        PlanConf expected = new PlanConf(BalanceStrategy.REPEAT_FACTOR, true, new BalanceTarget.Largest(), 10, 0.001,
                2, ClassWeighting.NONE, 42);
        for (String value : List.of("[repeat-factor, small-object]", "[small-object, repeat-factor]",
                "\"repeat-factor, small-object\"")) {
            assertEquals(expected, PlanConf.from(ConfigFactory.parseString("strategy = " + value)), value);
        }
        assertEquals(expected, PlanConf.from(ConfigFactory.parseMap(Map.of("strategy", "small-object,repeat-factor"))));
        assertEquals(List.of(BalanceStrategy.REPEAT_FACTOR, BalanceStrategy.SMALL_OBJECT), expected.strategies());
        assertEquals("[repeat-factor, small-object]", expected.strategyKey());
        assertEquals("[repeat-factor, small-object]", COMBINED.strategyKey());
        assertTrue(COMBINED.combinedWithSmallObject());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "strategy = [oversample, small-object]|augflow.balance.strategy may combine only repeat-factor and small-object (oversample, undersample and over-under make class totals exact, which a second factor would break), got [\"oversample\",\"small-object\"]",
        "strategy = [none, small-object]|augflow.balance.strategy may combine only repeat-factor and small-object (oversample, undersample and over-under make class totals exact, which a second factor would break), got [\"none\",\"small-object\"]",
        "strategy = [small-object, small-object]|augflow.balance.strategy names small-object twice, got [\"small-object\",\"small-object\"]",
        "strategy = []|augflow.balance.strategy must name at least one strategy, got []",
        "strategy = [repeat-factor, 3]|augflow.balance.strategy must be a strategy name or a list of them, got [\"repeat-factor\",3]",
        "strategy = 5|augflow.balance.strategy must be one of [none, oversample, undersample, over-under, repeat-factor, small-object], got '5'",
        "strategy { a = 1 }|augflow.balance.strategy must be a strategy name or a list of them, got {\"a\":1}",
        "strategy = [repeat-factor, small]|augflow.balance.strategy must be one of [none, oversample, undersample, over-under, repeat-factor, small-object], got 'small'",
    })
    void badListsNameTheKeyTheValueAndTheRule(String hocon, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PlanConf.from(ConfigFactory.parseString(hocon)));
        assertEquals(message, e.getMessage());
    }

    @Test
    void onlyRepeatFactorCombinesInTheTypedRecordToo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PlanConf(
                BalanceStrategy.OVERSAMPLE, true, new BalanceTarget.Largest(), 10, 0.001, 2, ClassWeighting.NONE, 1));
        assertEquals("augflow.balance.strategy combines small-object only with repeat-factor, got [oversample,"
                + " small-object]", e.getMessage());
    }
}
