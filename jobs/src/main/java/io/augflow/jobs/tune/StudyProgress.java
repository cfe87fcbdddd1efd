package io.augflow.jobs.tune;

import io.augflow.train.tune.StudyState;
import io.augflow.train.tune.TrialRecord;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** The study's progress line: trials done, running and failed out of those planned, and the best so far. */
final class StudyProgress {
    private StudyProgress() {}

    /**
     * E.g. {@code tune: 3/8 done, 2 running, 1 failed; best macro-f1 0.8123 (trial 2)}.
     *
     * @param planned the trials the study runs at most ({@code tune.trials})
     */
    static String line(StudyState state, int running, int planned, String metric) {
        String best = best(state).map(r -> String.format(Locale.ROOT, "best %s %.4f (trial %d)", metric,
                r.metric().getAsDouble(), r.trial())).orElse("no trial finished yet");
        return String.format(Locale.ROOT, "tune: %d/%d done, %d running, %d failed; %s", state.finished().size(),
                planned, running, state.failed().size(), best);
    }

    /**
     * The finished trial with the highest metric; NaN (a trial no epoch of which was evaluated) ranks last, and of
     * equal ones the earliest trial wins.
     */
    static Optional<TrialRecord> best(StudyState state) {
        return state.finished().stream().min(Comparator
                .comparingDouble((TrialRecord r) -> Double.isNaN(r.metric().getAsDouble()) ? Double.POSITIVE_INFINITY
                        : -r.metric().getAsDouble())
                .thenComparingInt(TrialRecord::trial));
    }
}
