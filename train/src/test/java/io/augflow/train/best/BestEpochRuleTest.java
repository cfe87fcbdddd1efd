package io.augflow.train.best;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Best-epoch selection and patience, on sequences worked out by hand and on random ones. */
class BestEpochRuleTest {
    private static final BestEpochRule PLAIN = new BestEpochRule(0, 0);

    @Test
    void theHighestValueWinsAndATieKeepsTheEarlierEpoch() {
        BestEpoch best = PLAIN.replay(0.5, 0.7, 0.7, 0.6).orElseThrow();
        assertEquals(1, best.epoch(), "0.7 first reached at epoch 1; epoch 2's equal 0.7 is no better");
        assertEquals(0.7, best.value());
        assertEquals(3, best.lastEpoch());
        assertEquals(2, best.epochsSinceBest());
    }

    @Test
    void aGainOfAtMostMinDeltaIsNoImprovement() {
        BestEpochRule rule = new BestEpochRule(0.05, 0);
        // 0.54 <= 0.50 + 0.05: not better; 0.56 > 0.55: better; 0.58 <= 0.56 + 0.05: not better
        BestEpoch best = rule.replay(0.50, 0.54, 0.56, 0.58).orElseThrow();
        assertEquals(2, best.epoch());
        assertEquals(0.56, best.value());
    }

    @Test
    void patienceStopsAfterThatManyEpochsWithoutABetterOne() {
        BestEpochRule rule = new BestEpochRule(0, 2);
        // best 0.6 at epoch 1; epochs 2 (0.55) and 3 (0.59) are not better: two in a row
        assertFalse(rule.patienceRanOut(rule.replay(0.5, 0.6, 0.55).orElseThrow()), "one epoch without gain");
        BestEpoch atThree = rule.replay(0.5, 0.6, 0.55, 0.59).orElseThrow();
        assertTrue(rule.patienceRanOut(atThree));
        assertEquals(1, atThree.epoch());
        // had training gone on, 0.7 would have reset the count
        assertFalse(rule.patienceRanOut(rule.replay(0.5, 0.6, 0.55, 0.59, 0.7).orElseThrow()));
    }

    @Test
    void patienceZeroNeverStops() {
        assertFalse(PLAIN.patienceRanOut(PLAIN.replay(0.9, 0.1, 0.1, 0.1, 0.1, 0.1).orElseThrow()));
    }

    @Test
    void minDeltaAlsoDecidesWhatPatienceCounts() {
        BestEpochRule rule = new BestEpochRule(0.1, 2);
        // 0.55 and 0.58 rise, but by less than 0.1 over 0.5: they count as epochs without a better one
        BestEpoch state = rule.replay(0.5, 0.55, 0.58).orElseThrow();
        assertEquals(0, state.epoch());
        assertTrue(rule.patienceRanOut(state));
    }

    @Test
    void nanIsNeverBetterAndAnyFigureBeatsANanBest() {
        assertEquals(1, PLAIN.replay(Double.NaN, 0.1).orElseThrow().epoch());
        assertEquals(0, PLAIN.replay(0.3, Double.NaN, 0.3).orElseThrow().epoch());
        // COCO's -1 (no ground truth) is a figure like any other, below every real AP
        assertEquals(1, PLAIN.replay(-1, 0.0).orElseThrow().epoch());
    }

    @Test
    void noValuesNoBest() {
        assertEquals(Optional.empty(), PLAIN.replay());
    }

    @Test
    void epochsMustComeInOrderAndTheSettingsBeInRange() {
        BestEpoch first = PLAIN.next(Optional.empty(), 4, 0.5);
        assertThrows(IllegalArgumentException.class, () -> PLAIN.next(Optional.of(first), 4, 0.6));
        assertThrows(IllegalArgumentException.class, () -> new BestEpochRule(-0.01, 0));
        assertThrows(IllegalArgumentException.class, () -> new BestEpochRule(Double.NaN, 0));
        assertThrows(IllegalArgumentException.class, () -> new BestEpochRule(0, -1));
    }

    @Test
    void withoutMinDeltaTheBestIsTheFirstMaximumOfAnySequence() {
        SplittableRandom rng = new SplittableRandom(20261203);
        for (int trial = 0; trial < 500; trial++) {
            double[] values = randomValues(rng);
            int expected = 0;
            for (int i = 1; i < values.length; i++) {
                if (values[i] > values[expected]) {
                    expected = i;
                }
            }
            BestEpoch best = PLAIN.replay(values).orElseThrow();
            assertEquals(expected, best.epoch(), java.util.Arrays.toString(values));
            assertEquals(values.length - 1, best.lastEpoch());
        }
    }

    @Test
    void withMinDeltaNoEpochBeatsTheKeptOneByMoreThanMinDelta() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int trial = 0; trial < 500; trial++) {
            double[] values = randomValues(rng);
            double minDelta = rng.nextInt(4) * 0.05;
            BestEpoch best = new BestEpochRule(minDelta, 0).replay(values).orElseThrow();
            assertEquals(values[best.epoch()], best.value());
            for (double v : values) {
                assertTrue(v <= best.value() + minDelta, v + " beats " + best.value() + " by more than " + minDelta);
            }
            // the kept epoch was better than every earlier one by more than min-delta, or is the first
            for (int i = 0; i < best.epoch(); i++) {
                assertTrue(values[best.epoch()] > values[i], "epoch " + best.epoch() + " vs earlier " + i);
            }
        }
    }

    @Test
    void earlyStoppingStopsAtTheFirstEpochThatEndsARunOfPatienceEpochsWithoutANewMaximum() {
        SplittableRandom rng = new SplittableRandom(99);
        for (int trial = 0; trial < 500; trial++) {
            double[] values = randomValues(rng);
            int patience = 1 + rng.nextInt(4);
            // independent: the first epoch that is `patience` epochs after the latest new maximum
            int expectedStop = -1;
            int lastMax = 0;
            for (int i = 1; i < values.length && expectedStop < 0; i++) {
                if (values[i] > values[lastMax]) {
                    lastMax = i;
                } else if (i - lastMax >= patience) {
                    expectedStop = i;
                }
            }
            BestEpochRule rule = new BestEpochRule(0, patience);
            int stop = -1;
            Optional<BestEpoch> state = Optional.empty();
            for (int i = 0; i < values.length && stop < 0; i++) {
                state = Optional.of(rule.next(state, i, values[i]));
                if (rule.patienceRanOut(state.get())) {
                    stop = i;
                }
            }
            assertEquals(expectedStop, stop, java.util.Arrays.toString(values) + " patience " + patience);
        }
    }

    /** 1-12 values on a coarse grid, so ties are frequent. */
    private static double[] randomValues(SplittableRandom rng) {
        double[] values = new double[1 + rng.nextInt(12)];
        for (int i = 0; i < values.length; i++) {
            values[i] = rng.nextInt(11) / 10.0;
        }
        return values;
    }
}
