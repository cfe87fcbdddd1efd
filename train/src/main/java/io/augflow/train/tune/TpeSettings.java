package io.augflow.train.tune;

/**
 * The knobs of {@link TpeStrategy}: the quantile {@code gamma} of finished trials counted as good, the number of
 * random start-up trials before the model is used, and how many candidates are drawn from the good trials' density
 * per parameter.
 */
public record TpeSettings(double gamma, int startupTrials, int candidates) {
    /** Configuration keys, named in errors. */
    public static final String GAMMA_KEY = "augflow.tune.tpe.gamma";
    public static final String STARTUP_KEY = "augflow.tune.tpe.startup-trials";
    public static final String CANDIDATES_KEY = "augflow.tune.tpe.candidates";

    /**
     * The best tenth is good (Optuna's default; the paper used 0.15), 10 random trials, 24 candidates (hyperopt's).
     * A larger gamma (0.25) smooths l(x) so much that on the test functions TPE fell behind random search after
     * 100 trials.
     */
    public static final TpeSettings DEFAULTS = new TpeSettings(0.1, 10, 24);

    public TpeSettings {
        if (!(gamma > 0 && gamma < 1)) {
            throw new IllegalArgumentException(GAMMA_KEY + " must be in (0, 1), got " + gamma);
        }
        if (startupTrials < 2) {
            // with fewer than two finished trials there is no good/bad split to estimate densities from
            throw new IllegalArgumentException(STARTUP_KEY + " must be at least 2, got " + startupTrials);
        }
        if (candidates < 1) {
            throw new IllegalArgumentException(CANDIDATES_KEY + " must be at least 1, got " + candidates);
        }
    }
}
