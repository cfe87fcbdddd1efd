package io.augflow.train.tune;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One trial as the log last left it: its configuration and seed, its metric per epoch (epoch 1 first), and, once it
 * ended, its kept metric or its failure and how long it trained. {@code stop} is why a finished trial was stopped
 * early (empty when it completed its training).
 */
public record TrialRecord(int trial, long seed, TrialConfig config, Status status, List<Double> epochMetrics,
        OptionalDouble metric, Optional<String> failure, Optional<String> stop, OptionalDouble seconds) {

    /** Where a trial stands. */
    public enum Status {
        /** Started and neither finished nor failed: half-done, to restart from its checkpoint on resume. */
        STARTED,
        FINISHED,
        FAILED
    }

    public TrialRecord {
        epochMetrics = List.copyOf(epochMetrics);
    }

    /** The trial as a strategy sees it; only for a finished trial. */
    public TrialResult result() {
        if (status != Status.FINISHED) {
            throw new IllegalStateException("trial " + trial + " is " + status + ", not finished");
        }
        return new TrialResult(config, metric.getAsDouble());
    }

    static TrialRecord started(int trial, long seed, Map<String, Object> config) {
        return new TrialRecord(trial, seed, new TrialConfig(config), Status.STARTED, List.of(), OptionalDouble.empty(),
                Optional.empty(), Optional.empty(), OptionalDouble.empty());
    }
}
