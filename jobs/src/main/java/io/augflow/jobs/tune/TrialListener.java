package io.augflow.jobs.tune;

import io.augflow.train.spark.EpochListener;
import io.augflow.train.spark.EpochRecord;
import io.augflow.train.tune.AshaRule;
import io.augflow.train.tune.RungDecision;
import io.augflow.train.tune.TrialEvent;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Hears one trial's epochs: logs each epoch's validation metric, and under successive halving asks the rung rule
 * whether the trial goes on, given every trial's curve so far ({@link AshaRule}); a trial stopped at a rung ends with
 * the rule's reason, which its {@code model.json} records. A trial the study cancelled (its timeout) is ended at its
 * next averaging round (or epoch), whatever became of the interrupt that cancelled it.
 */
final class TrialListener implements EpochListener {
    private final int trial;
    private final StudyRecorder recorder;
    private final TrialMetric metric;
    private final Optional<AshaRule> rungs;
    private final BooleanSupplier cancelled;
    /** Why halving stopped the trial, for its Finished event; null while it trains on. */
    private volatile String stopReason;

    TrialListener(int trial, StudyRecorder recorder, TrialMetric metric, Optional<AshaRule> rungs) {
        this(trial, recorder, metric, rungs, () -> false);
    }

    /** @param cancelled whether the study cancelled the trial */
    TrialListener(int trial, StudyRecorder recorder, TrialMetric metric, Optional<AshaRule> rungs,
            BooleanSupplier cancelled) {
        this.trial = trial;
        this.recorder = recorder;
        this.metric = metric;
        this.rungs = rungs;
        this.cancelled = cancelled;
    }

    @Override
    public void epochStarted(int epoch, int epochs, long samples, int rounds) {
        endIfCancelled();
    }

    @Override
    public void roundFinished(int epoch) {
        endIfCancelled();
    }

    private void endIfCancelled() {
        if (cancelled.getAsBoolean()) {
            throw new IllegalStateException("trial " + trial + " was cancelled by the study");
        }
    }

    @Override
    public void epochFinished(EpochRecord record) {
        // the history counts epochs from 0, the log from 1
        recorder.append(new TrialEvent.Epoch(trial, record.epoch() + 1, metric.of(record), recorder.now()));
    }

    @Override
    public Optional<String> stopAfter(EpochRecord record) {
        if (rungs.isEmpty()) {
            return Optional.empty();
        }
        RungDecision decision = rungs.get().decide(String.valueOf(trial), recorder.state().curves());
        if (decision.action() != RungDecision.Action.STOP) {
            return Optional.empty();
        }
        stopReason = "successive halving stopped trial " + trial + " at its " + decision.reason();
        return Optional.of(stopReason);
    }

    /** The reason halving stopped this trial, or null when it completed its epochs. */
    String stopReason() {
        return stopReason;
    }
}
