package io.augflow.train.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Grid search enumerates exactly the product of the choices and the points of each range. */
class GridStrategyTest {

    @Test
    void enumeratesExactlyTheProductThenRunsOut() {
        SearchSpace space = SearchSpaceTest.parse("""
                "augflow.a" { choice = [x, y, z] }
                "augflow.b" { uniform = [0, 1] }
                "augflow.c" { int = [1, 2] }
                """);
        GridStrategy grid = new GridStrategy(space, 3);
        Set<List<Object>> expected = new HashSet<>();
        for (String a : List.of("x", "y", "z")) {
            for (double b : new double[] {0.0, 0.5, 1.0}) {
                for (long c : new long[] {1, 2}) {
                    expected.add(List.of(a, b, c));
                }
            }
        }
        List<List<Object>> seen = new ArrayList<>();
        for (int trial = 0; ; trial++) {
            var next = grid.suggest(trial, List.of());
            if (next.isEmpty()) {
                break;
            }
            Map<String, Object> v = next.get().values();
            seen.add(List.of(v.get("augflow.a"), v.get("augflow.b"), v.get("augflow.c")));
        }
        assertEquals(18, seen.size(), "3 choices x 3 points x 2 integers");
        assertEquals(expected, new HashSet<>(seen), "each combination once");
    }

    @Test
    void logUniformPointsAreEvenlySpacedInTheLogarithm() {
        List<Object> points = GridStrategy.values(new Distribution.LogUniform(1e-4, 1e-2), 3);
        assertEquals(3, points.size());
        double[] expected = {1e-4, 1e-3, 1e-2};
        for (int i = 0; i < 3; i++) {
            assertEquals(expected[i], (double) points.get(i), expected[i] * 1e-12);
        }
    }

    @Test
    void aWideIntRangeGetsEvenlySpacedRoundedPointsIncludingItsEnds() {
        assertEquals(List.of(0L, 5L, 10L), GridStrategy.values(new Distribution.IntRange(0, 10), 3));
        assertEquals(List.of(3L), GridStrategy.values(new Distribution.IntRange(3, 3), 4));
        assertEquals(List.of(0.5), GridStrategy.values(new Distribution.Uniform(0, 1), 1), "one point: the middle");
    }

    @Test
    void aConditionalParameterOnlyMultipliesTheBranchWhereItExists() {
        SearchSpace space = SearchSpaceTest.parse("""
                "augflow.optimizer.type" { choice = [sgd, adam] }
                "augflow.optimizer.momentum" { uniform = [0.8, 0.9], when { "augflow.optimizer.type" = sgd } }
                """);
        List<TrialConfig> grid = new GridStrategy(space, 2).grid();
        assertEquals(List.of(
                new TrialConfig(Map.of("augflow.optimizer.type", "sgd", "augflow.optimizer.momentum", 0.8)),
                new TrialConfig(Map.of("augflow.optimizer.type", "sgd", "augflow.optimizer.momentum", 0.9)),
                new TrialConfig(Map.of("augflow.optimizer.type", "adam"))), grid);
    }

    @Test
    void fewerThanOnePointIsRefusedNamingTheKey() {
        SearchSpace space = SearchSpaceTest.parse("\"augflow.a\" { uniform = [0, 1] }");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GridStrategy(space, 0));
        assertTrue(e.getMessage().contains("augflow.tune.grid.points must be at least 1, got 0"), e.getMessage());
    }
}
