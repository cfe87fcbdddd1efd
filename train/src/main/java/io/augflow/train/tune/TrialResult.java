package io.augflow.train.tune;

import java.util.Objects;

/** A finished trial as a strategy sees it: what it tried and the validation metric it reached. */
public record TrialResult(TrialConfig config, double metric) {
    public TrialResult {
        Objects.requireNonNull(config, "config");
    }
}
