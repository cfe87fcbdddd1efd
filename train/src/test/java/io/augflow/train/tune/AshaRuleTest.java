package io.augflow.train.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.train.tune.RungDecision.Action;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ASHA's rung decisions on hand-made validation curves. */
class AshaRuleTest {

    @Test
    void rungsAreGeometricBelowTheMaximum() {
        assertEquals(List.of(1, 3, 9), new AshaRule(1, 3, 27, Goal.MAXIMIZE).rungs());
        assertEquals(List.of(2, 4, 8), new AshaRule(2, 2, 10, Goal.MAXIMIZE).rungs());
        assertEquals(List.of(), new AshaRule(5, 2, 5, Goal.MAXIMIZE).rungs(), "r = R: no early stopping");
    }

    @Test
    void eachArrivalAtARungIsComparedWithThoseThatReachedItBefore() {
        AshaRule rule = new AshaRule(1, 2, 4, Goal.MAXIMIZE);
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        // accuracies after epoch 1, arriving in this order
        curves.put("a", List.of(0.5));
        assertEquals(Action.PROMOTE, rule.decide("a", curves).action(), "alone: the best 1 of 1 goes on");
        curves.put("b", List.of(0.6));
        assertEquals(Action.PROMOTE, rule.decide("b", curves).action(), "best of 2, floor(2/2) = 1 go on");
        curves.put("c", List.of(0.4));
        assertEquals(Action.STOP, rule.decide("c", curves).action(), "3rd of 3, floor(3/2) = 1 go on");
        curves.put("d", List.of(0.55));
        RungDecision d = rule.decide("d", curves);
        assertEquals(Action.PROMOTE, d.action(), "2nd of 4, floor(4/2) = 2 go on");
        assertEquals("rung 1 epochs: 2 of 4 reached it, the best 2 go on", d.reason());
    }

    @Test
    void betweenRungsTrialsTrainOnAndAtTheMaximumTheyAreComplete() {
        AshaRule rule = new AshaRule(1, 3, 9, Goal.MAXIMIZE);
        Map<String, List<Double>> curves = Map.of(
                "a", List.of(0.1, 0.2),
                "b", List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9));
        RungDecision a = rule.decide("a", curves);
        assertEquals(Action.CONTINUE, a.action());
        assertTrue(a.trainOn());
        RungDecision b = rule.decide("b", curves);
        assertEquals(Action.COMPLETE, b.action());
        assertFalse(b.trainOn());
    }

    @Test
    void aTrialIsScoredByItsBestEpochUpToTheRungAndNaNIsTheWorst() {
        AshaRule rule = new AshaRule(3, 3, 9, Goal.MAXIMIZE);
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        curves.put("peaked", List.of(0.5, 0.8, 0.3, 0.1));   // best 0.8 within its first 3 epochs
        curves.put("steady", List.of(0.6, 0.7, 0.75));
        curves.put("diverged", List.of(Double.NaN, Double.NaN, Double.NaN));
        // peaked's 4th epoch is past the rung and does not count; 4 reached it, floor(4 / 3) = 1 goes on
        curves.put("late", List.of(0.1, 0.2, 0.79));
        assertEquals(Action.STOP, rule.decide("late", curves).action(), "0.79 < peaked's 0.8");
        assertEquals(Action.STOP, rule.decide("steady", curves).action());
        assertEquals(Action.STOP, rule.decide("diverged", curves).action());
        Map<String, List<Double>> atRung = new LinkedHashMap<>(curves);
        atRung.put("peaked", List.of(0.5, 0.8, 0.3));
        assertEquals(Action.PROMOTE, rule.decide("peaked", atRung).action());
    }

    @Test
    void whenMinimisingTheLowestLossGoesOn() {
        AshaRule rule = new AshaRule(1, 2, 4, Goal.MINIMIZE);
        Map<String, List<Double>> curves = Map.of("a", List.of(0.9), "b", List.of(0.3));
        assertEquals(Action.PROMOTE, rule.decide("b", curves).action());
        assertEquals(Action.STOP, rule.decide("a", curves).action());
    }

    @Test
    void aTrialCountsEvenWhenStoppedAndTheStopFractionTendsToOneMinusOneOverEta() {
        // curves arriving in a random order: of many trials, about 1 - 1/eta stop at the first rung
        AshaRule rule = new AshaRule(1, 3, 9, Goal.MAXIMIZE);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        int promoted = 0;
        int n = 3000;
        for (int i = 0; i < n; i++) {
            curves.put("t" + i, List.of(rng.nextDouble()));
            promoted += rule.decide("t" + i, curves).action() == Action.PROMOTE ? 1 : 0;
        }
        // with i.i.d. arrivals the chance the i-th is in the top floor(i/3) is about 1/3: expect ~1000 of 3000
        assertEquals(n / 3.0, promoted, n * 0.05, promoted + " promoted");
    }

    @Test
    void settingsOutOfRangeAndUnknownTrialsAreRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new AshaRule(0, 3, 9, Goal.MAXIMIZE))
                .getMessage().contains("augflow.tune.halving.min-epochs must be at least 1, got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new AshaRule(1, 1, 9, Goal.MAXIMIZE))
                .getMessage().contains("augflow.tune.halving.reduction-factor must be at least 2, got 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new AshaRule(4, 2, 3, Goal.MAXIMIZE))
                .getMessage().contains("augflow.tune.halving.max-epochs must be at least"));
        AshaRule rule = new AshaRule(1, 2, 4, Goal.MAXIMIZE);
        assertThrows(IllegalArgumentException.class, () -> rule.decide("x", Map.of("a", List.of(0.1))));
    }
}
