package io.augflow.train.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The reliability diagram and ECE against figures worked out by hand, and the invariants of the binning. */
class CalibrationCurveTest {

    @Test
    void sixPredictionsInFiveBinsGiveTheHandComputedDiagramAndEce() {
        // bins (0,.2] (.2,.4] (.4,.6] (.6,.8] (.8,1]; .2 sits on an upper edge, so in the first bin
        CalibrationCurve c = new CalibrationCurve.Tally(5).add(0.9, true).add(0.9, false).add(0.7, true)
                .add(0.3, false).add(1.0, true).add(0.2, true).curve();
        assertEquals(6, c.examples());
        assertEquals(5, c.bins().size());
        long[] counts = {1, 1, 0, 1, 3};
        double[] confidence = {0.2, 0.3, 0, 0.7, 2.8 / 3};
        double[] accuracy = {1, 0, 0, 1, 2.0 / 3};
        for (int b = 0; b < 5; b++) {
            CalibrationCurve.Bin bin = c.bins().get(b);
            assertEquals(counts[b], bin.count(), "bin " + b);
            assertEquals(confidence[b], bin.confidence(), 1e-12, "bin " + b);
            assertEquals(accuracy[b], bin.accuracy(), 1e-12, "bin " + b);
            assertEquals(b * 0.2, bin.lower(), 1e-12);
            assertEquals((b + 1) * 0.2, bin.upper(), 1e-12);
        }
        // 1/6 * (|1 - .2| + |0 - .3| + |1 - .7|) + 3/6 * |2/3 - 2.8/3| = (0.8 + 0.3 + 0.3 + 0.8) / 6
        assertEquals(2.2 / 6, c.ece(), 1e-12);
    }

    @Test
    void fifteenBinsPutEdgesAndExtremesWhereTheDefinitionSays() {
        assertEquals(0, CalibrationCurve.binOf(0.0, 15), "0 joins the first bin");
        assertEquals(0, CalibrationCurve.binOf(1.0 / 15, 15), "an upper edge belongs to its bin");
        assertEquals(1, CalibrationCurve.binOf(0.07, 15), ".07 > 1/15 = .0667");
        assertEquals(7, CalibrationCurve.binOf(0.5, 15), ".5 is in (7/15, 8/15] = (.467, .533]");
        assertEquals(14, CalibrationCurve.binOf(0.95, 15));
        assertEquals(14, CalibrationCurve.binOf(1.0, 15), "1 is the last bin's upper edge");
        assertThrows(IllegalArgumentException.class, () -> CalibrationCurve.binOf(1.01, 15));
        assertThrows(IllegalArgumentException.class, () -> CalibrationCurve.binOf(Double.NaN, 15));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CalibrationCurve.Tally(0));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
    }

    @Test
    void aCalibratedModelHasZeroEceAndAnAlwaysWrongConfidentOneItsConfidence() {
        CalibrationCurve.Tally calibrated = new CalibrationCurve.Tally(CalibrationCurve.DEFAULT_BINS);
        for (int i = 0; i < 10; i++) {
            calibrated.add(0.7, i < 7); // 70% confident, 70% right
        }
        for (int i = 0; i < 4; i++) {
            calibrated.add(0.25, i == 0); // 25% confident, 25% right
        }
        assertEquals(0, calibrated.curve().ece(), 1e-12);

        CalibrationCurve.Tally overconfident = new CalibrationCurve.Tally(CalibrationCurve.DEFAULT_BINS);
        for (int i = 0; i < 8; i++) {
            overconfident.add(0.9, false);
        }
        assertEquals(0.9, overconfident.curve().ece(), 1e-12);
        assertEquals(0, new CalibrationCurve.Tally(15).curve().ece(), "no prediction, no error");
    }

    @Test
    void mergingTalliesOfAnySplitGivesTheTallyOfTheWholeAndEceStaysInZeroOne() {
        SplittableRandom random = new SplittableRandom(11);
        for (int trial = 0; trial < 50; trial++) {
            int bins = 1 + random.nextInt(20);
            CalibrationCurve.Tally whole = new CalibrationCurve.Tally(bins);
            CalibrationCurve.Tally left = new CalibrationCurve.Tally(bins);
            CalibrationCurve.Tally right = new CalibrationCurve.Tally(bins);
            int n = 1 + random.nextInt(200);
            for (int i = 0; i < n; i++) {
                double confidence = random.nextDouble();
                boolean correct = random.nextDouble() < confidence;
                whole.add(confidence, correct);
                (random.nextBoolean() ? left : right).add(confidence, correct);
            }
            CalibrationCurve expected = whole.curve();
            CalibrationCurve merged = left.merge(right).curve();
            assertEquals(expected.examples(), merged.examples());
            assertEquals(expected.ece(), merged.ece(), 1e-9);
            long counted = 0;
            for (int b = 0; b < bins; b++) {
                assertEquals(expected.bins().get(b).count(), merged.bins().get(b).count());
                counted += merged.bins().get(b).count();
            }
            assertEquals(n, counted, "every prediction is in exactly one bin");
            assertTrue(expected.ece() >= 0 && expected.ece() <= 1, "ECE " + expected.ece());
        }
    }
}
