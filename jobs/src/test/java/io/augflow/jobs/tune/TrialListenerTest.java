package io.augflow.jobs.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.train.best.SelectionMetric;
import io.augflow.train.spark.EpochRecord;
import io.augflow.train.tune.AshaRule;
import io.augflow.train.tune.Goal;
import io.augflow.train.tune.TrialEvent;
import io.augflow.train.tune.TrialLog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each epoch is logged, under halving a trial below the rung's cut is told to stop, and a trial the study cancelled is
 * ended at its next round.
 */
class TrialListenerTest {
    @TempDir
    Path dir;

    private static EpochRecord unevaluated(int epoch) {
        return new EpochRecord(epoch, 10, 10, 1, 0.5, 1, 10, null);
    }

    @Test
    void aTrialWorseThanTheOthersAtARungIsStoppedAndEveryEpochIsLogged() {
        Path log = dir.resolve(TuneJob.LOG_FILE);
        Clock clock = Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);
        try (StudyRecorder recorder = StudyRecorder.open(log, clock)) {
            // trial 0 reached rung 1 with 0.8; trial 1's first epoch has no metric (NaN ranks last)
            recorder.append(new TrialEvent.Started(0, 11, Map.of(), recorder.now()));
            recorder.append(new TrialEvent.Epoch(0, 1, 0.8, recorder.now()));
            recorder.append(new TrialEvent.Started(1, 12, Map.of(), recorder.now()));
            // rungs at 1 and 2 epochs of 4; 2 reached rung 1, the best 1 goes on
            AshaRule rule = new AshaRule(1, 2, 4, Goal.MAXIMIZE);
            TrialListener worse = new TrialListener(1, recorder, new TrialMetric(SelectionMetric.MACRO_F1),
                    Optional.of(rule));
            worse.epochFinished(unevaluated(0));
            Optional<String> stop = worse.stopAfter(unevaluated(0));
            assertTrue(stop.isPresent());
            assertEquals("successive halving stopped trial 1 at its rung 1 epochs: 2 of 2 reached it, the best 1 go on",
                    stop.get());
            assertEquals(stop.get(), worse.stopReason(), "kept for the trial's Finished event");

            TrialListener best = new TrialListener(0, recorder, new TrialMetric(SelectionMetric.MACRO_F1),
                    Optional.of(rule));
            assertEquals(Optional.empty(), best.stopAfter(unevaluated(0)), "the best at the rung goes on");
            assertEquals(null, best.stopReason(), "a trial that goes on has no stop reason");
            TrialListener noHalving = new TrialListener(1, recorder, new TrialMetric(SelectionMetric.MACRO_F1),
                    Optional.empty());
            assertEquals(Optional.empty(), noHalving.stopAfter(unevaluated(0)));
        }
        List<TrialEvent> events = TrialLog.read(log);
        assertEquals(4, events.size());
        TrialEvent.Epoch logged = (TrialEvent.Epoch) events.get(3);
        assertEquals(1, logged.trial());
        assertEquals(1, logged.epoch(), "history epoch 0 is the log's epoch 1");
        assertTrue(Double.isNaN(logged.metric()));
    }

    @Test
    void aCancelledTrialIsEndedAtItsNextRoundOrEpoch() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);
        try (StudyRecorder recorder = StudyRecorder.open(dir.resolve(TuneJob.LOG_FILE), clock)) {
            AtomicBoolean cancelled = new AtomicBoolean();
            TrialListener listener = new TrialListener(3, recorder, new TrialMetric(SelectionMetric.MACRO_F1),
                    Optional.empty(), cancelled::get);
            listener.epochStarted(0, 5, 40, 3);
            listener.roundFinished(0);
            cancelled.set(true);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> listener.roundFinished(0));
            assertEquals("trial 3 was cancelled by the study", e.getMessage());
            assertThrows(IllegalStateException.class, () -> listener.epochStarted(1, 5, 40, 3));
        }
    }
}
