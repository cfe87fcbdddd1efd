package io.augflow.train.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Each combiner on a hand-made probability table; the expected figures were worked out by hand. */
class CombinersTest {
    /** Three members, three classes: argmaxes 0, 1, 0. */
    private static final double[][] THREE = {{0.6, 0.3, 0.1}, {0.2, 0.5, 0.3}, {0.5, 0.4, 0.1}};

    @Test
    void hardVoteCountsArgmaxesAndAddsTheMeanAsATieBreaker() {
        // votes (2, 1, 0), mean (1.3/3, 1.2/3, 0.5/3); (votes + mean) / 4
        assertArrayEquals(new double[] {(2 + 1.3 / 3) / 4, (1 + 0.4) / 4, (0.5 / 3) / 4},
                new HardVote().combine(THREE), 1e-12);
    }

    @Test
    void aTiedVoteGoesToTheClassWithTheHigherMeanProbabilityNotTheLowerIndex() {
        double[] p = new HardVote().combine(new double[][] {{0.4, 0.6}, {0.9, 0.1}, {0.45, 0.55}});
        // votes (1, 2): class 1 wins on votes although member 1 is very sure of class 0
        assertTrue(p[1] > p[0]);
        double[] tie = new HardVote().combine(new double[][] {{0.4, 0.6}, {0.9, 0.1}});
        // votes (1, 1), mean (0.65, 0.35)
        assertArrayEquals(new double[] {1.65 / 3, 1.35 / 3}, tie, 1e-12);
    }

    @Test
    void softAverageIsTheMean() {
        assertArrayEquals(new double[] {1.3 / 3, 1.2 / 3, 0.5 / 3}, new SoftAverage().combine(THREE), 1e-12);
    }

    @Test
    void weightedAverageMixesByItsWeights() {
        // 0.5*0.6 + 0.25*0.2 + 0.25*0.5 = 0.475 ...
        assertArrayEquals(new double[] {0.475, 0.375, 0.15},
                new WeightedAverage(new double[] {0.5, 0.25, 0.25}).combine(THREE), 1e-12);
    }

    @Test
    void weightsOffTheSimplexAreRefusedWithTheirValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WeightedAverage(new double[] {0.7, 0.7}));
        assertTrue(e.getMessage().contains("[0.7, 0.7]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new WeightedAverage(new double[] {1.5, -0.5}));
    }

    @Test
    void stackingFeedsTheMembersProbabilitiesEndToEndToTheMetaModel() {
        // class 0 reads member 0's class-0 probability, class 1 reads member 1's class-1 probability
        SoftmaxRegression meta = new SoftmaxRegression(new double[][] {{1, 0, 0, 0}, {0, 0, 0, 1}},
                new double[] {0, 0});
        double[] p = new StackingCombiner(meta).combine(new double[][] {{0.8, 0.2}, {0.3, 0.7}});
        double e = Math.exp(0.1); // logits 0.8 and 0.7
        assertArrayEquals(new double[] {e / (1 + e), 1 / (1 + e)}, p, 1e-12);
        assertArrayEquals(new double[] {0.5, 0.5}, new StackingCombiner(meta).memberWeights(2), 1e-12);
    }

    @Test
    void everyCombinerGivesAProbabilityVectorOnRandomInputs() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int trial = 0; trial < 200; trial++) {
            int members = 1 + rng.nextInt(4);
            int classes = 2 + rng.nextInt(5);
            double[][] p = new double[members][];
            for (int m = 0; m < members; m++) {
                p[m] = randomDistribution(rng, classes);
            }
            double[] w = randomDistribution(rng, members);
            double[][] meta = new double[classes][members * classes];
            for (double[] row : meta) {
                for (int f = 0; f < row.length; f++) {
                    row[f] = rng.nextDouble(-3, 3);
                }
            }
            for (Combiner c : new Combiner[] {new HardVote(), new SoftAverage(), new WeightedAverage(w),
                new StackingCombiner(new SoftmaxRegression(meta, new double[classes]))}) {
                double[] out = c.combine(p);
                double sum = 0;
                for (double v : out) {
                    assertTrue(v >= 0, c + " gave " + v);
                    sum += v;
                }
                assertEquals(1, sum, 1e-9, c.method().key());
            }
            // hard vote: the winner has at least as many votes as any other class
            int[] votes = new int[classes];
            for (double[] m : p) {
                votes[HardVote.argmax(m)]++;
            }
            int winner = HardVote.argmax(new HardVote().combine(p));
            for (int k = 0; k < classes; k++) {
                assertTrue(votes[winner] >= votes[k], "vote winner " + winner + " votes " + java.util.Arrays.toString(votes));
            }
        }
    }

    static double[] randomDistribution(SplittableRandom rng, int n) {
        double[] p = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            p[i] = rng.nextDouble() + 1e-3;
            sum += p[i];
        }
        for (int i = 0; i < n; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
