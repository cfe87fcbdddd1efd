package io.augflow.train.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The weighted average's weights against an optimum solved by hand, and as a property on random tables. */
class WeightSearchTest {

    @Test
    void findsTheLogLossOptimumSolvedByHand() {
        // true-class probability under A: 0.9, 0.9, 0.1; under B: 0.1, 0.1, 0.9. Loss(w) = -2 log(0.1 + 0.8 w)
        // - log(0.9 - 0.8 w); its derivative vanishes at 2 (0.9 - 0.8 w) = 0.1 + 0.8 w, w = 17/24.
        ValidationTable t = new ValidationTable(List.of("a", "b", "c"), new int[] {0, 0, 0}, new double[][][] {
            {{0.9, 0.1}, {0.1, 0.9}}, {{0.9, 0.1}, {0.1, 0.9}}, {{0.1, 0.9}, {0.9, 0.1}}});
        double[] w = WeightSearch.fit(t).weights();
        assertEquals(17 / 24.0, w[0], 1e-3);
        assertEquals(7 / 24.0, w[1], 1e-3);
    }

    @Test
    void aUselessMemberGetsNoWeight() {
        // member 0 always gives the true class 0.8, member 1 always 0.5: any weight on member 1 costs log-loss
        ValidationTable t = new ValidationTable(List.of("a", "b"), new int[] {0, 1}, new double[][][] {
            {{0.8, 0.2}, {0.5, 0.5}}, {{0.2, 0.8}, {0.5, 0.5}}});
        assertEquals(1.0, WeightSearch.fit(t).weights()[0], 1e-9);
    }

    @Test
    void theFittedWeightsAreNoWorseThanAnyMemberAloneOrTheEqualMix() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int trial = 0; trial < 30; trial++) {
            int members = 2 + rng.nextInt(3);
            int classes = 2 + rng.nextInt(3);
            int rows = 5 + rng.nextInt(30);
            String[] ids = new String[rows];
            int[] labels = new int[rows];
            double[][][] p = new double[rows][members][];
            for (int i = 0; i < rows; i++) {
                ids[i] = "r" + i;
                labels[i] = rng.nextInt(classes);
                for (int m = 0; m < members; m++) {
                    p[i][m] = CombinersTest.randomDistribution(rng, classes);
                }
            }
            ValidationTable t = new ValidationTable(List.of(ids), labels, p);
            double[] w = WeightSearch.fit(t).weights();
            double fitted = mixtureLoss(p, labels, w);
            for (int m = 0; m < members; m++) {
                double[] vertex = new double[members];
                vertex[m] = 1;
                assertTrue(fitted <= mixtureLoss(p, labels, vertex) + 1e-9, "member " + m + " alone is better");
            }
            assertTrue(fitted <= mixtureLoss(p, labels, SoftAverage.uniform(members)) + 1e-9);
        }
    }

    private static double mixtureLoss(double[][][] p, int[] labels, double[] w) {
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            double q = 0;
            for (int m = 0; m < w.length; m++) {
                q += w[m] * p[i][m][labels[i]];
            }
            sum -= Math.log(q);
        }
        return sum / labels.length;
    }
}
