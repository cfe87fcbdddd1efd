package io.augflow.train.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/** TPE against random search at equal budget on known functions, and its reproducibility. */
class TpeStrategyTest {
    private static final int BUDGET = 50;
    private static final int SEEDS = 10;

    /** Minimum 0 at lr = 1e-3, u = 1, kind = b. */
    private static final SearchSpace QUADRATIC_SPACE = SearchSpaceTest.parse("""
            "augflow.lr"   { log-uniform = [1e-6, 1] }
            "augflow.u"    { uniform = [-5, 5] }
            "augflow.kind" { choice = [a, b, c] }
            """);

    private static double quadratic(Map<String, Object> v) {
        double lr = Math.log10((double) v.get("augflow.lr")) + 3;
        double u = (double) v.get("augflow.u") - 1;
        return lr * lr + u * u + (v.get("augflow.kind").equals("b") ? 0 : 4);
    }

    /** Branin-Hoo on [-5, 10] x [0, 15]: global minimum 0.397887 at three points. */
    private static final SearchSpace BRANIN_SPACE = SearchSpaceTest.parse("""
            "augflow.x1" { uniform = [-5, 10] }
            "augflow.x2" { uniform = [0, 15] }
            """);

    private static double branin(Map<String, Object> v) {
        double x1 = (double) v.get("augflow.x1");
        double x2 = (double) v.get("augflow.x2");
        double b = 5.1 / (4 * Math.PI * Math.PI);
        double c = 5 / Math.PI;
        double t = 1 / (8 * Math.PI);
        double inner = x2 - b * x1 * x1 + c * x1 - 6;
        return inner * inner + 10 * (1 - t) * Math.cos(x1) + 10;
    }

    /** Runs a study of {@code budget} trials one after the other and returns the best loss found. */
    private static double bestAfter(SearchStrategy strategy, ToDoubleFunction<Map<String, Object>> f, int budget) {
        List<TrialResult> finished = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        for (int trial = 0; trial < budget; trial++) {
            TrialConfig c = strategy.suggest(trial, finished).orElseThrow();
            double loss = f.applyAsDouble(c.values());
            finished.add(new TrialResult(c, loss));
            best = Math.min(best, loss);
        }
        return best;
    }

    private static void assertTpeBeatsRandomOnAverage(SearchSpace space, ToDoubleFunction<Map<String, Object>> f) {
        double tpe = 0;
        double random = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            tpe += bestAfter(new TpeStrategy(space, Goal.MINIMIZE, seed, TpeSettings.DEFAULTS), f, BUDGET) / SEEDS;
            // another seed for random, so the two never share their start-up draws
            random += bestAfter(new RandomStrategy(space, 1000 + seed), f, BUDGET) / SEEDS;
        }
        assertTrue(tpe < random, "mean best after " + BUDGET + " trials over " + SEEDS + " seeds: TPE " + tpe
                + ", random " + random);
    }

    @Test
    void tpeFindsALowerQuadraticThanRandomAtEqualBudget() {
        assertTpeBeatsRandomOnAverage(QUADRATIC_SPACE, TpeStrategyTest::quadratic);
    }

    @Test
    void tpeFindsALowerBraninThanRandomAtEqualBudget() {
        assertTpeBeatsRandomOnAverage(BRANIN_SPACE, TpeStrategyTest::branin);
    }

    @Test
    void maximisingTheNegatedObjectiveProposesWhatMinimisingItDoes() {
        TpeStrategy min = new TpeStrategy(BRANIN_SPACE, Goal.MINIMIZE, 3, TpeSettings.DEFAULTS);
        TpeStrategy max = new TpeStrategy(BRANIN_SPACE, Goal.MAXIMIZE, 3, TpeSettings.DEFAULTS);
        List<TrialResult> minFinished = new ArrayList<>();
        List<TrialResult> maxFinished = new ArrayList<>();
        for (int t = 0; t < 30; t++) {
            TrialConfig a = min.suggest(t, minFinished).orElseThrow();
            TrialConfig b = max.suggest(t, maxFinished).orElseThrow();
            assertEquals(a, b, "trial " + t);
            minFinished.add(new TrialResult(a, branin(a.values())));
            maxFinished.add(new TrialResult(b, -branin(b.values())));
        }
    }

    @Test
    void startUpTrialsAreRandomSearchsAndTheStudyIsReproducible() {
        TpeStrategy tpe = new TpeStrategy(QUADRATIC_SPACE, Goal.MINIMIZE, 5, TpeSettings.DEFAULTS);
        RandomStrategy random = new RandomStrategy(QUADRATIC_SPACE, 5);
        List<TrialResult> finished = new ArrayList<>();
        for (int t = 0; t < TpeSettings.DEFAULTS.startupTrials(); t++) {
            TrialConfig c = tpe.suggest(t, finished).orElseThrow();
            assertEquals(random.suggest(t, List.of()).orElseThrow(), c, "start-up trial " + t);
            finished.add(new TrialResult(c, quadratic(c.values())));
        }
        TpeStrategy again = new TpeStrategy(QUADRATIC_SPACE, Goal.MINIMIZE, 5, TpeSettings.DEFAULTS);
        assertEquals(tpe.suggest(10, finished), again.suggest(10, finished), "same seed, same history");
    }

    @Test
    void aConditionalParameterLearnsOnlyWhereItExistsAndKeepsItsCondition() {
        SearchSpace space = SearchSpaceTest.parse("""
                "augflow.optimizer.type" { choice = [sgd, adam] }
                "augflow.optimizer.momentum" { uniform = [0, 1], when { "augflow.optimizer.type" = sgd } }
                """);
        // sgd with momentum near 0.9 is best; adam is mediocre
        ToDoubleFunction<Map<String, Object>> f = v -> v.get("augflow.optimizer.type").equals("adam") ? 0.5
                : Math.abs((double) v.get("augflow.optimizer.momentum") - 0.9);
        TpeStrategy tpe = new TpeStrategy(space, Goal.MINIMIZE, 1, TpeSettings.DEFAULTS);
        List<TrialResult> finished = new ArrayList<>();
        int sgdLate = 0;
        for (int t = 0; t < 40; t++) {
            TrialConfig c = tpe.suggest(t, finished).orElseThrow();
            boolean sgd = c.values().get("augflow.optimizer.type").equals("sgd");
            assertEquals(sgd, c.values().containsKey("augflow.optimizer.momentum"), c::toString);
            if (t >= 20 && sgd) {
                sgdLate++;
            }
            finished.add(new TrialResult(c, f.applyAsDouble(c.values())));
        }
        assertTrue(sgdLate > 10, "TPE should favour sgd once it has learnt; sgd in " + sgdLate + " of trials 20-39");
    }

    @Test
    void settingsOutOfRangeAreRefusedNamingTheKey() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new TpeSettings(1.0, 10, 24)).getMessage()
                .contains("augflow.tune.tpe.gamma must be in (0, 1), got 1.0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new TpeSettings(0.25, 1, 24)).getMessage()
                .contains("augflow.tune.tpe.startup-trials must be at least 2, got 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new TpeSettings(0.25, 10, 0)).getMessage()
                .contains("augflow.tune.tpe.candidates must be at least 1, got 0"));
    }
}
