package io.augflow.train.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The stacking meta-model against cases whose optimum is known in closed form, and a perturbation check. */
class SoftmaxRegressionTest {

    @Test
    void withoutFeaturesTheUnpenalisedInterceptsRecoverTheClassFrequencies() {
        double[][] x = new double[6][0];
        int[] labels = {0, 0, 0, 1, 2, 2};
        SoftmaxRegression r = SoftmaxRegression.fit(x, labels, 3, 1.0);
        assertArrayEquals(new double[] {0.5, 1 / 6.0, 1 / 3.0}, r.probabilities(new double[0]), 1e-5);
    }

    @Test
    void twoGroupsOfOneFeatureAreFittedToTheirOwnFrequencies() {
        // x = +1: three of class 1, one of class 0; x = -1: the other way round. Two groups and two free parameters
        // (slope and intercept of the logit difference): the saturated fit gives p(1 | +1) = 3/4, p(1 | -1) = 1/4.
        double[][] x = {{1}, {1}, {1}, {1}, {-1}, {-1}, {-1}, {-1}};
        int[] labels = {1, 1, 1, 0, 0, 0, 0, 1};
        SoftmaxRegression r = SoftmaxRegression.fit(x, labels, 2, 1e-9);
        assertEquals(0.75, r.probabilities(new double[] {1})[1], 1e-4);
        assertEquals(0.25, r.probabilities(new double[] {-1})[1], 1e-4);
        // and the logit difference at x = 1 is log 3
        double[][] w = r.weights();
        double[] b = r.intercepts();
        assertEquals(Math.log(3), (w[1][0] + b[1]) - (w[0][0] + b[0]), 1e-3);
    }

    @Test
    void matchesScikitLearnsMultinomialLogisticRegressionOnTheSameObjective() {
        // Reference: scikit-learn 1.2.1 (Debian python3-sklearn), LogisticRegression(multi_class='multinomial',
        // solver='lbfgs', tol=1e-12, C=1/(n*l2)): its objective 0.5|W|^2 + C * sum(cross-entropy), intercepts
        // unpenalised, is this class's mean cross-entropy + l2/2 |W|^2 times n/l2, so the optimum is the same.
        double[][] x = {{0.9, 0.1}, {0.8, 0.3}, {0.7, 0.2}, {0.2, 0.9}, {0.1, 0.7}, {0.3, 0.8}, {0.5, 0.5},
            {0.4, 0.6}, {0.2, 0.1}, {0.1, 0.2}, {0.3, 0.3}, {0.6, 0.4}};
        int[] labels = {0, 0, 0, 1, 1, 1, 2, 1, 2, 2, 2, 0};
        SoftmaxRegression r = SoftmaxRegression.fit(x, labels, 3, 0.1);
        assertArrayEquals(new double[] {0.5180612813099271, 0.18889960504473555, 0.2930391136453373},
                r.probabilities(new double[] {0.9, 0.1}), 1e-5);
        assertArrayEquals(new double[] {0.1892243997928679, 0.5182224564744483, 0.29255314373268376},
                r.probabilities(new double[] {0.1, 0.9}), 1e-5);
        assertArrayEquals(new double[] {0.31115746126327265, 0.31104730796900515, 0.3777952307677222},
                r.probabilities(new double[] {0.3, 0.3}), 1e-5);
        assertArrayEquals(new double[] {0.84741851, -0.41168525}, r.weights()[0], 1e-4);
    }

    @Test
    void separableDataStaysFiniteUnderL2() {
        double[][] x = {{0}, {1}, {2}, {3}};
        SoftmaxRegression r = SoftmaxRegression.fit(x, new int[] {0, 0, 1, 1}, 2, 0.01);
        for (double[] row : r.weights()) {
            for (double v : row) {
                assertTrue(Double.isFinite(v) && Math.abs(v) < 100, "weight " + v);
            }
        }
        assertTrue(r.probabilities(new double[] {3})[1] > 0.9);
    }

    @Test
    void theFitIsAMinimumOfTheObjectiveComputedIndependently() {
        SplittableRandom rng = new SplittableRandom(3);
        double[][] x = new double[40][3];
        int[] labels = new int[40];
        for (int i = 0; i < x.length; i++) {
            for (int f = 0; f < 3; f++) {
                x[i][f] = rng.nextDouble(-1, 1);
            }
            labels[i] = x[i][0] + 0.5 * rng.nextGaussian() > 0 ? (x[i][1] > 0 ? 2 : 1) : 0;
        }
        double l2 = 0.1;
        SoftmaxRegression fit = SoftmaxRegression.fit(x, labels, 3, l2);
        double best = objective(fit.weights(), fit.intercepts(), x, labels, l2);
        for (int k = 0; k < 3; k++) {
            for (int f = 0; f <= 3; f++) {
                for (double d : new double[] {-1e-3, 1e-3}) {
                    double[][] w = fit.weights();
                    double[] b = fit.intercepts();
                    if (f == 3) {
                        b[k] += d;
                    } else {
                        w[k][f] += d;
                    }
                    assertTrue(objective(w, b, x, labels, l2) >= best - 1e-12,
                            "moving coefficient " + k + "," + f + " by " + d + " lowers the objective");
                }
            }
        }
    }

    @Test
    void badInputsAreRefusedNamingTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SoftmaxRegression.fit(new double[][] {{1}}, new int[] {2}, 2, 0));
        assertTrue(e.getMessage().contains("label of row 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SoftmaxRegression.fit(new double[][] {{1}}, new int[] {0}, 2, -1));
        assertTrue(e.getMessage().contains("stacking-l2") && e.getMessage().contains("-1"), e.getMessage());
    }

    /** Mean cross-entropy + l2/2 |W|^2, written out directly. */
    private static double objective(double[][] w, double[] b, double[][] x, int[] labels, double l2) {
        double loss = 0;
        for (int i = 0; i < x.length; i++) {
            double[] z = new double[b.length];
            double norm = 0;
            for (int k = 0; k < b.length; k++) {
                z[k] = b[k];
                for (int f = 0; f < x[i].length; f++) {
                    z[k] += w[k][f] * x[i][f];
                }
                norm += Math.exp(z[k]);
            }
            loss += Math.log(norm) - z[labels[i]];
        }
        double penalty = 0;
        for (double[] row : w) {
            for (double v : row) {
                penalty += v * v;
            }
        }
        return loss / x.length + l2 / 2 * penalty;
    }
}
