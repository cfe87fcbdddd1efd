package io.augflow.train.ensemble;

/**
 * How an ensemble's combiner is fitted, resolved on the driver.
 *
 * @param method what combines the members
 * @param folds  the folds of the cross-fit of a fitted method ({@code weighted}, {@code stacking}), >= 2
 * @param l2     stacking's L2 penalty on the meta-model's coefficients, >= 0
 * @param seed   keys the fold assignment
 */
public record EnsembleFitConf(CombineMethod method, int folds, double l2, long seed) {
    public static final int DEFAULT_FOLDS = 5;
    public static final double DEFAULT_L2 = 1e-3;

    public EnsembleFitConf {
        if (method == null) {
            throw new IllegalArgumentException("--combine must be one of vote, average, weighted, stacking, got null");
        }
        if (folds < 2) {
            throw new IllegalArgumentException("--folds must be >= 2, got " + folds);
        }
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("--stacking-l2 must be a finite number >= 0, got " + l2);
        }
    }
}
