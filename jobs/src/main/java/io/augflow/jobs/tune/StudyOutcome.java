package io.augflow.jobs.tune;

import io.augflow.train.tune.Goal;
import io.augflow.train.tune.StudyState;
import io.augflow.train.tune.TrialRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the study page reads off a replayed {@link StudyState}, computed once: the trials by number, the finished
 * ones with a number for a metric ("scored": a diverged trial's NaN is not), the best of those, and the best-so-far
 * curve over the finished trials in the order they finished.
 *
 * <p>The best trial has the lowest {@link Goal#loss} among the scored ones; of equal metrics, the one that finished
 * first, as the best-so-far curve only moves on a strict improvement.
 */
final class StudyOutcome {
    /** One finished trial on the best-so-far curve: the {@code finished}-th to finish (from 1). */
    record Step(int finished, TrialRecord trial, Optional<TrialRecord> bestSoFar) {}

    private final Goal goal;
    private final List<TrialRecord> trials;
    private final List<TrialRecord> scored;
    private final List<Step> steps;
    private final Optional<TrialRecord> best;

    StudyOutcome(StudyState state, Goal goal) {
        this.goal = goal;
        this.trials = List.copyOf(state.trials().values());
        List<TrialRecord> scoredInOrder = new ArrayList<>();
        List<Step> curve = new ArrayList<>();
        TrialRecord bestSoFar = null;
        for (TrialRecord t : state.ended()) {
            if (t.status() != TrialRecord.Status.FINISHED) {
                continue;
            }
            if (isScored(t)) {
                scoredInOrder.add(t);
                if (bestSoFar == null || goal.loss(metric(t)) < goal.loss(metric(bestSoFar))) {
                    bestSoFar = t;
                }
            }
            curve.add(new Step(curve.size() + 1, t, Optional.ofNullable(bestSoFar)));
        }
        this.scored = List.copyOf(scoredInOrder);
        this.steps = List.copyOf(curve);
        this.best = Optional.ofNullable(bestSoFar);
    }

    /** A finished trial whose metric is a number. */
    static boolean isScored(TrialRecord t) {
        return t.status() == TrialRecord.Status.FINISHED && t.metric().isPresent()
                && !Double.isNaN(t.metric().getAsDouble());
    }

    static double metric(TrialRecord t) {
        return t.metric().getAsDouble();
    }

    Goal goal() {
        return goal;
    }

    /** Every trial, by number. */
    List<TrialRecord> trials() {
        return trials;
    }

    /** The finished trials with a numeric metric, in the order they finished. */
    List<TrialRecord> scored() {
        return scored;
    }

    /** Every finished trial in the order it finished, with the best one up to it. */
    List<Step> steps() {
        return steps;
    }

    Optional<TrialRecord> best() {
        return best;
    }

    long count(TrialRecord.Status status) {
        return trials.stream().filter(t -> t.status() == status).count();
    }

    /** The lowest and highest scored metric; only when some trial is scored. */
    double[] metricRange() {
        double lo = scored.stream().mapToDouble(StudyOutcome::metric).min().orElseThrow();
        double hi = scored.stream().mapToDouble(StudyOutcome::metric).max().orElseThrow();
        return new double[] {lo, hi};
    }

    /**
     * Where a metric sits between the worst (0) and the best (1) scored metric, for colours; 1 when all are equal.
     */
    double quality(double metric) {
        double[] range = metricRange();
        if (range[1] == range[0]) {
            return 1;
        }
        double up = (metric - range[0]) / (range[1] - range[0]);
        return goal == Goal.MAXIMIZE ? up : 1 - up;
    }
}
