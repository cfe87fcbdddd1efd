package io.augflow.jobs.tune;

import io.augflow.train.tune.StudyState;
import io.augflow.train.tune.TrialEvent;
import io.augflow.train.tune.TrialLog;
import java.io.Closeable;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A running study's record: every event goes to the trial log on disk ({@link TrialLog}, fsynced) and to the events
 * in memory, from which the study's state is replayed whenever a decision needs it (the next suggestion, a rung).
 * Safe for the driver loop and the trial threads at once.
 */
final class StudyRecorder implements Closeable {
    private final TrialLog log;
    private final List<TrialEvent> events;
    private final Clock clock;

    private StudyRecorder(TrialLog log, List<TrialEvent> events, Clock clock) {
        this.log = log;
        this.events = events;
        this.clock = clock;
    }

    /** Replays the log at {@code file} (absent: a new study) and opens it for appending, locked. */
    static StudyRecorder open(Path file, Clock clock) {
        List<TrialEvent> before = new ArrayList<>(TrialLog.read(file));
        StudyState.replay(before); // a log that contradicts itself stops the study before anything is appended
        return new StudyRecorder(TrialLog.open(file), before, clock);
    }

    synchronized void append(TrialEvent event) {
        log.append(event);
        events.add(event);
    }

    synchronized StudyState state() {
        return StudyState.replay(events);
    }

    synchronized List<TrialEvent> events() {
        return List.copyOf(events);
    }

    /** Now, as the log writes times: ISO-8601 to the second. */
    String now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    @Override
    public void close() {
        log.close();
    }
}
