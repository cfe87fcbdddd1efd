package io.augflow.train.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.DataException;
import io.augflow.train.tune.TrialEvent.Epoch;
import io.augflow.train.tune.TrialEvent.Failed;
import io.augflow.train.tune.TrialEvent.Finished;
import io.augflow.train.tune.TrialEvent.Started;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trial log: round trips, a torn last line, a broken line, and the study state replayed from it. */
class TrialLogTest {
    private static final String AT = "2026-12-03T19:44:22Z";
    private static final Map<String, Object> SGD = Map.of("augflow.optimizer.type", "sgd",
            "augflow.optimizer.learning-rate", 0.01, "augflow.train.batch-size", 64);

    @TempDir
    Path dir;

    @Test
    void everyEventReadsBackAsWritten() {
        Path file = dir.resolve("study/trials.jsonl");
        List<TrialEvent> events = List.of(
                new Started(0, 77L, SGD, AT),
                new Epoch(0, 1, 0.61, AT),
                new Epoch(0, 2, Double.NaN, AT),
                new Finished(0, 0.61, 12.5, AT),
                new Started(1, 78L, Map.of("augflow.train.shuffle", true), AT),
                new Failed(1, "executor lost: java.lang.OutOfMemoryError", 3.0, AT),
                new Started(2, 79L, SGD, AT),
                new Finished(2, 0.4, 2.0, AT, "rung 1 epochs: 3 of 4 reached it, the best 2 go on"));
        try (TrialLog log = TrialLog.open(file)) {
            events.forEach(log::append);
        }
        assertEquals(events, TrialLog.read(file));
    }

    @Test
    void aCompletedTrialsLineHasNoStopAndALineWithoutOneReadsAsCompleted() throws IOException {
        Path file = dir.resolve("trials.jsonl");
        try (TrialLog log = TrialLog.open(file)) {
            log.append(new Finished(3, 0.5, 1.5, AT));
        }
        assertEquals("{\"event\":\"finished\",\"trial\":3,\"metric\":0.5,\"seconds\":1.5,\"at\":\"" + AT + "\"}\n",
                Files.readString(file));
        Files.writeString(file, "{\"event\":\"started\",\"trial\":0,\"seed\":1,\"config\":{},\"at\":\"" + AT + "\"}\n"
                + "{\"event\":\"finished\",\"trial\":0,\"metric\":0.7,\"seconds\":1,\"at\":\"" + AT + "\"}\n"
                + "{\"event\":\"started\",\"trial\":1,\"seed\":2,\"config\":{},\"at\":\"" + AT + "\"}\n"
                + "{\"event\":\"finished\",\"trial\":1,\"metric\":0.2,\"seconds\":1,\"at\":\"" + AT
                + "\",\"stop\":\"rung 1\"}\n");
        StudyState state = StudyState.replay(TrialLog.read(file));
        assertTrue(state.trials().get(0).stop().isEmpty(), "completed");
        assertEquals("rung 1", state.trials().get(1).stop().orElseThrow());
    }

    @Test
    void endedListsFinishedAndFailedTrialsInTheOrderTheyEnded() {
        StudyState state = StudyState.replay(List.of(
                new Started(0, 10L, SGD, AT),
                new Started(1, 11L, SGD, AT),
                new Started(2, 12L, SGD, AT),
                new Started(3, 13L, SGD, AT),
                new Epoch(2, 1, 0.5, AT),
                new Finished(2, 0.5, 1.0, AT),
                new Failed(0, "boom", 1.0, AT),
                new Epoch(1, 1, 0.3, AT),
                new Finished(1, 0.3, 1.0, AT, "rung 1")));
        assertEquals(List.of(2, 0, 1), state.ended().stream().map(TrialRecord::trial).toList(),
                "trial 3 is still running");
    }

    @Test
    void oneEventIsOneLineOfJsonNamingItsKind() throws IOException {
        Path file = dir.resolve("trials.jsonl");
        try (TrialLog log = TrialLog.open(file)) {
            log.append(new Epoch(3, 2, 0.5, AT));
        }
        assertEquals("{\"event\":\"epoch\",\"trial\":3,\"epoch\":2,\"metric\":0.5,\"at\":\"" + AT + "\"}\n",
                Files.readString(file));
    }

    @Test
    void aTornLastLineIsIgnoredOnReadAndCutOffBeforeTheNextAppend() throws IOException {
        Path file = dir.resolve("trials.jsonl");
        try (TrialLog log = TrialLog.open(file)) {
            log.append(new Started(0, 1L, SGD, AT));
        }
        // a study killed in the middle of its second write
        Files.writeString(file, "{\"event\":\"epoch\",\"trial\":0,\"ep", StandardOpenOption.APPEND);
        assertEquals(List.of(new Started(0, 1L, SGD, AT)), TrialLog.read(file));

        try (TrialLog log = TrialLog.open(file)) {
            log.append(new Epoch(0, 1, 0.7, AT));
        }
        assertEquals(List.of(new Started(0, 1L, SGD, AT), new Epoch(0, 1, 0.7, AT)), TrialLog.read(file));
        assertEquals(2, Files.readAllLines(file, StandardCharsets.UTF_8).size(), "the torn bytes are gone");
    }

    @Test
    void aBrokenLineBeforeTheEndIsBadDataNamingTheFileAndLine() throws IOException {
        Path file = dir.resolve("trials.jsonl");
        Files.writeString(file, "{\"event\":\"started\",\"trial\":0,\"seed\":1,\"config\":{},\"at\":\"" + AT + "\"}\n"
                + "{\"event\":\"exploded\",\"trial\":0}\n"
                + "{\"event\":\"finished\",\"trial\":0,\"metric\":1,\"seconds\":1,\"at\":\"" + AT + "\"}\n");
        DataException e = assertThrows(DataException.class, () -> TrialLog.read(file));
        assertTrue(e.getMessage().contains(file + " line 2"), e.getMessage());
        assertTrue(e.getMessage().contains("exploded"), e.getMessage());
    }

    /**
     * A tune trial that times out is cancelled by interrupting its thread, which then logs its epochs or its failure:
     * an interrupt must not close the log (an interruptible channel would, for every trial of the study).
     */
    @Test
    void anAppendFromAnInterruptedThreadIsWrittenAndTheLogStaysOpenAndLocked() throws InterruptedException {
        Path file = dir.resolve("trials.jsonl");
        try (TrialLog log = TrialLog.open(file)) {
            Thread.currentThread().interrupt();
            try {
                log.append(new Failed(0, "timed out", 2.0, AT));
                assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is left for the caller");
            } finally {
                Thread.interrupted();
            }
            Thread other = new Thread(() -> log.append(new Started(1, 2L, Map.of(), AT)));
            other.start();
            other.join();
            assertThrows(IllegalStateException.class, () -> TrialLog.open(file), "still locked");
        }
        assertEquals(List.of(new Failed(0, "timed out", 2.0, AT), new Started(1, 2L, Map.of(), AT)),
                TrialLog.read(file));
    }

    @Test
    void aSecondOpenOfTheSameStudyIsRefusedUntilTheFirstCloses() {
        Path file = dir.resolve("trials.jsonl");
        try (TrialLog first = TrialLog.open(file)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> TrialLog.open(file));
            assertTrue(e.getMessage().contains(file + " is held by another tune run"), e.getMessage());
            first.append(new Started(0, 1L, SGD, AT));
        }
        try (TrialLog again = TrialLog.open(file)) {
            again.append(new Finished(0, 0.5, 1.0, AT));
        }
        assertEquals(2, TrialLog.read(file).size());
    }

    @Test
    void aConfigurationReadBackFromTheLogEqualsTheProposedOne() {
        Path file = dir.resolve("trials.jsonl");
        TrialConfig proposed = new TrialConfig(Map.of("augflow.train.epochs", 4L, "augflow.optimizer.learning-rate",
                1e-3, "augflow.optimizer.type", "sgd"));
        try (TrialLog log = TrialLog.open(file)) {
            log.append(new Started(0, 1L, proposed.values(), AT));
        }
        TrialRecord read = StudyState.replay(TrialLog.read(file)).trials().get(0);
        assertEquals(proposed, read.config(), "JSON's Integer 4 is the proposed Long 4");
    }

    @Test
    void anAbsentLogIsAnEmptyStudy() {
        StudyState state = StudyState.replay(TrialLog.read(dir.resolve("none.jsonl")));
        assertEquals(0, state.nextTrial());
        assertTrue(state.trials().isEmpty());
    }

    @Test
    void replayTellsFinishedHalfDoneAndFailedTrialsApart() {
        StudyState state = StudyState.replay(List.of(
                new Started(0, 10L, SGD, AT),
                new Started(1, 11L, Map.of("augflow.optimizer.type", "adam"), AT),
                new Epoch(0, 1, 0.5, AT),
                new Epoch(1, 1, 0.4, AT),
                new Epoch(0, 2, 0.6, AT),
                new Finished(0, 0.6, 20.0, AT),
                new Started(2, 12L, SGD, AT),
                new Failed(2, "boom", 1.0, AT),
                new Epoch(1, 2, 0.45, AT)));
        assertEquals(List.of(0), state.finished().stream().map(TrialRecord::trial).toList());
        assertEquals(List.of(1), state.halfDone().stream().map(TrialRecord::trial).toList());
        assertEquals(List.of(2), state.failed().stream().map(TrialRecord::trial).toList());
        TrialRecord half = state.halfDone().get(0);
        assertEquals(11L, half.seed(), "restarted with its own seed");
        assertEquals(List.of(0.4, 0.45), half.epochMetrics(), "resumes after epoch 2");
        assertEquals(List.of(new TrialResult(new TrialConfig(SGD), 0.6)), state.results());
        assertEquals(3, state.nextTrial());
        assertEquals(Map.of("0", List.of(0.5, 0.6), "1", List.of(0.4, 0.45), "2", List.of()), state.curves());
        assertEquals("boom", state.failed().get(0).failure().orElseThrow());
    }

    @Test
    void aRestartedTrialKeepsItsEpochsAndALaterMetricReplacesAnEpochReportedAgain() {
        StudyState state = StudyState.replay(List.of(
                new Started(0, 10L, SGD, AT),
                new Epoch(0, 1, 0.5, AT),
                new Epoch(0, 2, 0.55, AT),
                new Started(0, 10L, SGD, AT),
                new Epoch(0, 2, 0.57, AT)));
        assertEquals(List.of(0.5, 0.57), state.trials().get(0).epochMetrics());
    }

    @Test
    void aLogThatContradictsItselfIsBadData() {
        assertThrows(DataException.class, () -> StudyState.replay(List.of(new Epoch(0, 1, 0.5, AT))),
                "an epoch of a trial never started");
        DataException rerun = assertThrows(DataException.class, () -> StudyState.replay(List.of(
                new Started(0, 10L, SGD, AT), new Finished(0, 0.6, 1.0, AT), new Started(0, 10L, SGD, AT))));
        assertTrue(rerun.getMessage().contains("never rerun"), rerun.getMessage());
        assertThrows(DataException.class, () -> StudyState.replay(List.of(
                new Started(0, 10L, SGD, AT), new Started(0, 99L, SGD, AT))), "restarted with another seed");
        assertThrows(DataException.class, () -> StudyState.replay(List.of(
                new Started(0, 10L, SGD, AT), new Epoch(0, 3, 0.5, AT))), "a gap in the epochs");
    }
}
