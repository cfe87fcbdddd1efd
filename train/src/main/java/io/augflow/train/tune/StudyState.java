package io.augflow.train.tune;

import io.augflow.augment.DataException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The state of a study replayed from its trial log: each trial's latest {@link TrialRecord}. A resumed study runs
 * none of {@link #finished()} again, restarts {@link #halfDone()} from their checkpoints with the same configuration
 * and seed, and numbers new trials from {@link #nextTrial()}. A failed trial stays failed.
 */
public final class StudyState {
    private final Map<Integer, TrialRecord> trials;
    private final List<Integer> endOrder;

    private StudyState(Map<Integer, TrialRecord> trials, List<Integer> endOrder) {
        this.trials = Collections.unmodifiableMap(trials);
        this.endOrder = List.copyOf(endOrder);
    }

    /**
     * Replays events in log order. A trial started again (a resumed half-done one) keeps its epochs, and a later
     * metric of the same epoch replaces the earlier one.
     *
     * @throws DataException when the log contradicts itself: an event for a trial never started, a trial started
     *     again after it ended, or with another configuration or seed
     */
    public static StudyState replay(List<TrialEvent> events) {
        Map<Integer, TrialRecord> trials = new TreeMap<>();
        List<Integer> endOrder = new ArrayList<>();
        for (TrialEvent event : events) {
            TrialRecord before = trials.get(event.trial());
            if (event instanceof TrialEvent.Started s) {
                trials.put(s.trial(), restart(before, s));
                continue;
            }
            if (before == null) {
                throw new DataException("trial log: " + event + " is for trial " + event.trial()
                        + ", which was never started");
            }
            if (before.status() != TrialRecord.Status.STARTED) {
                throw new DataException("trial log: " + event + " comes after trial " + event.trial() + " ended ("
                        + before.status() + ")");
            }
            trials.put(event.trial(), apply(before, event));
            if (!(event instanceof TrialEvent.Epoch)) {
                endOrder.add(event.trial());
            }
        }
        return new StudyState(trials, endOrder);
    }

    private static TrialRecord restart(TrialRecord before, TrialEvent.Started s) {
        if (before == null) {
            return TrialRecord.started(s.trial(), s.seed(), s.config());
        }
        if (before.status() != TrialRecord.Status.STARTED) {
            throw new DataException("trial log: trial " + s.trial() + " started again after it ended ("
                    + before.status() + "): a finished trial is never rerun");
        }
        if (before.seed() != s.seed() || !new TrialConfig(s.config()).equals(before.config())) {
            throw new DataException("trial log: trial " + s.trial() + " started again with seed " + s.seed()
                    + " and " + s.config() + ", first with seed " + before.seed() + " and " + before.config().values());
        }
        return before;
    }

    private static TrialRecord apply(TrialRecord r, TrialEvent event) {
        if (event instanceof TrialEvent.Epoch e) {
            if (e.epoch() < 1 || e.epoch() > r.epochMetrics().size() + 1) {
                throw new DataException("trial log: trial " + e.trial() + " reports epoch " + e.epoch() + " after "
                        + r.epochMetrics().size() + " epochs; epochs count from 1 without gaps");
            }
            // a restarted trial may report an epoch again: the later metric replaces the earlier one
            List<Double> metrics = new ArrayList<>(r.epochMetrics().subList(0, e.epoch() - 1));
            metrics.add(e.metric());
            return new TrialRecord(r.trial(), r.seed(), r.config(), r.status(), metrics, r.metric(), r.failure(),
                    r.stop(), r.seconds());
        }
        if (event instanceof TrialEvent.Finished f) {
            return new TrialRecord(r.trial(), r.seed(), r.config(), TrialRecord.Status.FINISHED, r.epochMetrics(),
                    OptionalDouble.of(f.metric()), Optional.empty(), Optional.ofNullable(f.stop()),
                    OptionalDouble.of(f.seconds()));
        }
        TrialEvent.Failed f = (TrialEvent.Failed) event;
        return new TrialRecord(r.trial(), r.seed(), r.config(), TrialRecord.Status.FAILED, r.epochMetrics(),
                OptionalDouble.empty(), Optional.of(f.reason()), Optional.empty(), OptionalDouble.of(f.seconds()));
    }

    /** Every trial, by number. */
    public Map<Integer, TrialRecord> trials() {
        return trials;
    }

    /** Trials that finished, by number: never run again. */
    public List<TrialRecord> finished() {
        return withStatus(TrialRecord.Status.FINISHED);
    }

    /** Trials started but neither finished nor failed (the study was killed): restarted on resume. */
    public List<TrialRecord> halfDone() {
        return withStatus(TrialRecord.Status.STARTED);
    }

    /** Trials that failed. */
    public List<TrialRecord> failed() {
        return withStatus(TrialRecord.Status.FAILED);
    }

    /**
     * The trials that ended (finished or failed) in the order they ended in the log, which is not their numbers'
     * order when trials run in parallel: what a best-so-far curve runs over.
     */
    public List<TrialRecord> ended() {
        return endOrder.stream().map(trials::get).toList();
    }

    /** The finished trials as strategies take them, by trial number. */
    public List<TrialResult> results() {
        return finished().stream().map(TrialRecord::result).toList();
    }

    /** The number the next new trial gets: one past the highest started so far. */
    public int nextTrial() {
        return trials.isEmpty() ? 0 : Collections.max(trials.keySet()) + 1;
    }

    /** Each trial's metric per epoch, keyed by trial number as text: what {@link AshaRule#decide} reads. */
    public Map<String, List<Double>> curves() {
        Map<String, List<Double>> curves = new TreeMap<>();
        trials.forEach((n, r) -> curves.put(String.valueOf(n), r.epochMetrics()));
        return curves;
    }

    private List<TrialRecord> withStatus(TrialRecord.Status status) {
        return trials.values().stream().filter(r -> r.status() == status).toList();
    }
}
