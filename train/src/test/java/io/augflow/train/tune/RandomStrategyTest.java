package io.augflow.train.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Random search stays in bounds, follows each distribution, and is reproducible from its seed. */
class RandomStrategyTest {
    private static final int DRAWS = 4000;
    private static final SearchSpace SPACE = SearchSpaceTest.parse("""
            "augflow.lr"    { log-uniform = [1e-5, 1e-1] }
            "augflow.u"     { uniform = [-2, 6] }
            "augflow.n"     { int = [3, 7] }
            "augflow.kind"  { choice = [a, b, c, d] }
            """);

    @Test
    void drawsStayInBoundsAndFollowTheirDistributions() {
        RandomStrategy random = new RandomStrategy(SPACE, 7);
        double[] logLr = new double[DRAWS];
        double uSum = 0;
        Map<Object, Integer> ints = new HashMap<>();
        Map<Object, Integer> kinds = new HashMap<>();
        for (int t = 0; t < DRAWS; t++) {
            Map<String, Object> v = random.suggest(t, List.of()).orElseThrow().values();
            double lr = (double) v.get("augflow.lr");
            double u = (double) v.get("augflow.u");
            assertTrue(lr >= 1e-5 && lr <= 1e-1, "lr " + lr);
            assertTrue(u >= -2 && u <= 6, "u " + u);
            logLr[t] = Math.log10(lr);
            uSum += u;
            ints.merge(v.get("augflow.n"), 1, Integer::sum);
            kinds.merge(v.get("augflow.kind"), 1, Integer::sum);
        }
        Arrays.sort(logLr);
        // log-uniform on [1e-5, 1e-1]: log10 is uniform on [-5, -1], so the median is 1e-3
        assertEquals(-3.0, logLr[DRAWS / 2], 0.15, "median of log10(lr)");
        assertEquals(-4.0, logLr[DRAWS / 4], 0.15, "lower quartile of log10(lr)");
        assertEquals(2.0, uSum / DRAWS, 0.15, "mean of uniform [-2, 6]");
        assertEquals(Map.of(3L, 0, 4L, 0, 5L, 0, 6L, 0, 7L, 0).keySet(), ints.keySet(), "int [3, 7] is inclusive");
        assertTrue(chiSquare(ints, DRAWS) < 18.47, "int uniformity, chi2 4 dof at p=0.001: " + ints);
        assertTrue(chiSquare(kinds, DRAWS) < 16.27, "choice uniformity, chi2 3 dof at p=0.001: " + kinds);
    }

    @Test
    void theSameSeedAndTrialGiveTheSameConfiguration() {
        RandomStrategy one = new RandomStrategy(SPACE, 11);
        RandomStrategy again = new RandomStrategy(SPACE, 11);
        RandomStrategy other = new RandomStrategy(SPACE, 12);
        for (int t = 0; t < 20; t++) {
            assertEquals(one.suggest(t, List.of()), again.suggest(t, List.of()));
        }
        assertNotEquals(one.suggest(0, List.of()), other.suggest(0, List.of()));
        assertNotEquals(one.suggest(0, List.of()), one.suggest(1, List.of()));
    }

    private static double chiSquare(Map<Object, Integer> counts, int total) {
        double expected = (double) total / counts.size();
        return counts.values().stream().mapToDouble(c -> (c - expected) * (c - expected) / expected).sum();
    }
}
