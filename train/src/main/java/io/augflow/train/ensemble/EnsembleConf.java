package io.augflow.train.ensemble;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@code augflow ensemble} works, resolved on the driver.
 *
 * @param fit       the combiner and its cross-fit
 * @param split     the labelled split the combiner is fitted and scored on ({@code train.evaluate-split}, usually
 *                  {@code val}); never the test split, which stays untouched for judging the ensemble
 * @param batchSize images per forward pass on an executor, >= 1
 * @param overwrite replace an existing output folder (only once the new one is complete)
 * @param timeout   the scoring of the members is cancelled after this, > 0
 */
public record EnsembleConf(EnsembleFitConf fit, String split, int batchSize, boolean overwrite, Duration timeout) {
    public static final String DEFAULT_TIMEOUT_MINUTES = "120";

    public EnsembleConf {
        Objects.requireNonNull(fit, "fit");
        if (split == null || split.isBlank()) {
            throw new IllegalArgumentException("--split (default augflow.train.evaluate-split) must name the labelled"
                    + " split the ensemble is fitted on, got \"" + split + "\"");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("augflow.train.batch-size-per-worker must be >= 1, got " + batchSize);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("--timeout-minutes must be > 0, got " + timeout);
        }
    }
}
