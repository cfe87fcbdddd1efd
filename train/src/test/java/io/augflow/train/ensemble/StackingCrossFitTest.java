package io.augflow.train.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Stacking's cross-fit: the ensemble is judged on out-of-fold predictions, so a meta-model that only memorised its
 * fitting rows (through members whose outputs are noise) is exposed, and the noise members do not take the weight
 * from the honest one.
 */
class StackingCrossFitTest {
    private static final List<String> CLASSES = List.of("a", "b", "c", "d");

    @Test
    void theOutOfFoldScoreRevealsAMetaModelThatOnlyMemorisedItsFittingRows() {
        SplittableRandom rng = new SplittableRandom(17);
        ValidationTable t = table(rng, 40, 3);
        EnsembleFitConf conf = new EnsembleFitConf(CombineMethod.STACKING, 5, 1e-6, 3);
        FittedEnsemble fitted = EnsembleFitter.fit(t, CLASSES, conf);

        // scored on its own fitting rows, the meta-model looks far better than it is: with 3 noise members it has
        // more coefficients (4 x 17) than there are rows (40) and can learn the rows by heart
        double inSample = ValidationFigures.metrics(EnsembleFitter.apply(fitted.combiner(), t), t.labels(), CLASSES)
                .accuracy();
        double honest = fitted.members().get(0).accuracy();
        assertTrue(inSample > honest + 0.1, "in-sample " + inSample + " vs the honest member " + honest);
        // the recorded figure is out of fold, and does not claim that gain
        assertTrue(fitted.validation().outOfFold());
        assertTrue(fitted.validation().accuracy() < inSample - 0.1,
                "out-of-fold " + fitted.validation().accuracy() + " vs in-sample " + inSample);
        assertTrue(fitted.validation().accuracy() <= honest + 0.05,
                "out-of-fold " + fitted.validation().accuracy() + " vs honest " + honest);
    }

    @Test
    void noiseMembersDoNotTakeTheWeightFromTheHonestOneWithARealPenalty() {
        SplittableRandom rng = new SplittableRandom(23);
        ValidationTable t = table(rng, 200, 2);
        FittedEnsemble fitted = EnsembleFitter.fit(t, CLASSES, new EnsembleFitConf(CombineMethod.STACKING, 5, 1e-2, 3));
        double[] share = fitted.combiner().memberWeights(3);
        assertTrue(share[0] > share[1] + share[2], "honest member's share " + java.util.Arrays.toString(share));
        // fresh rows from the same source: the stacker is about as good as the honest member, not worse
        ValidationTable fresh = table(new SplittableRandom(99), 400, 2);
        double ensemble = ValidationFigures.metrics(EnsembleFitter.apply(fitted.combiner(), fresh), fresh.labels(),
                CLASSES).accuracy();
        double honest = ValidationFigures.metrics(EnsembleFitter.apply(new WeightedAverage(new double[] {1, 0, 0}),
                fresh), fresh.labels(), CLASSES).accuracy();
        assertTrue(ensemble >= honest - 0.05, "stacker " + ensemble + " vs honest member " + honest);
    }

    @Test
    void foldsAreStratifiedAndReproducible() {
        SplittableRandom rng = new SplittableRandom(4);
        ValidationTable t = table(rng, 53, 1);
        int[] folds = Folds.assign(t, 5, 8);
        assertArrayEquals(folds, Folds.assign(t, 5, 8), "same seed, same folds");
        assertFalse(java.util.Arrays.equals(folds, Folds.assign(t, 5, 9)), "another seed, other folds");
        for (int c = 0; c < CLASSES.size(); c++) {
            int[] perFold = new int[5];
            int total = 0;
            for (int i = 0; i < t.rows(); i++) {
                if (t.labels()[i] == c) {
                    perFold[folds[i]]++;
                    total++;
                }
            }
            for (int f = 0; f < 5; f++) {
                assertTrue(Math.abs(perFold[f] - total / 5.0) <= 1, "class " + c + " per fold "
                        + java.util.Arrays.toString(perFold));
            }
        }
    }

    @Test
    void voteAndAverageAreScoredOnEveryRowAsHandComputed() {
        // two members, two rows; row r0 (label 0): (0.6, 0.4) and (0.3, 0.7); row r1 (label 1): (0.2, 0.8) twice
        ValidationTable t = new ValidationTable(List.of("r0", "r1"), new int[] {0, 1}, new double[][][] {
            {{0.6, 0.4}, {0.3, 0.7}}, {{0.2, 0.8}, {0.2, 0.8}}});
        FittedEnsemble avg = EnsembleFitter.fit(t, List.of("x", "y"),
                new EnsembleFitConf(CombineMethod.AVERAGE, 2, 0, 1));
        // mean: r0 (0.45, 0.55) -> wrong, r1 (0.2, 0.8) -> right; log-loss -(log 0.45 + log 0.8) / 2
        assertEquals(0.5, avg.validation().accuracy(), 1e-12);
        assertEquals(-(Math.log(0.45) + Math.log(0.8)) / 2, avg.validation().logLoss(), 1e-12);
        assertFalse(avg.validation().outOfFold());
        // member 0 alone gets both rows right
        assertEquals(1.0, avg.members().get(0).accuracy(), 1e-12);
        // vote: r0 is a 1-1 tie broken by the mean (0.45 < 0.55): class 1, wrong
        FittedEnsemble vote = EnsembleFitter.fit(t, List.of("x", "y"), new EnsembleFitConf(CombineMethod.VOTE, 2, 0, 1));
        assertEquals(0.5, vote.validation().accuracy(), 1e-12);
    }

    /**
     * Rows of 4 classes; member 0 is honest (the true class gets 0.55 on 75% of rows, a wrong class does otherwise),
     * the {@code noise} other members give random probabilities that say nothing about the label.
     */
    private static ValidationTable table(SplittableRandom rng, int rows, int noise) {
        List<String> ids = new ArrayList<>();
        int[] labels = new int[rows];
        double[][][] p = new double[rows][1 + noise][];
        for (int i = 0; i < rows; i++) {
            ids.add("row-" + i);
            labels[i] = i % CLASSES.size();
            int said = rng.nextDouble() < 0.75 ? labels[i] : (labels[i] + 1 + rng.nextInt(3)) % 4;
            double[] honest = {0.15, 0.15, 0.15, 0.15};
            honest[said] = 0.55;
            p[i][0] = honest;
            for (int m = 1; m <= noise; m++) {
                p[i][m] = CombinersTest.randomDistribution(rng, CLASSES.size());
            }
        }
        return new ValidationTable(ids, labels, p);
    }
}
