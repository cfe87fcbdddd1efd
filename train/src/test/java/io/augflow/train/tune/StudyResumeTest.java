package io.augflow.train.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A study killed in the middle and run again, with the pieces a tune job will use (strategy, rung rule, trial log,
 * replay) and a cheap objective in place of training: no trial is lost or run twice.
 */
class StudyResumeTest {
    private static final int TRIALS = 8;
    private static final int EPOCHS = 4;
    private static final String AT = "2026-12-03T20:00:00Z";
    private static final SearchSpace SPACE = SearchSpaceTest.parse("""
            "augflow.optimizer.learning-rate" { log-uniform = [1e-4, 1] }
            "augflow.train.batch-size" { choice = [32, 64] }
            """);

    /** Thrown by the fake training to stand for the study being killed. */
    private static final class Killed extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Accuracy after an epoch: best at lr = 1e-2, rising with epochs, plus a luck term that only the trial's seed
     * decides (as weight initialisation would). Trial 5 always fails.
     */
    private static double accuracy(TrialConfig c, long seed, int epoch) {
        double lr = Math.log10((double) c.values().get("augflow.optimizer.learning-rate")) + 2;
        double luck = new java.util.SplittableRandom(seed).nextDouble() * 0.3;
        return (1 - lr * lr / 10 - luck) * epoch / EPOCHS;
    }

    /** Runs (or resumes) the study; {@code killAfterEpochs} epochs later the "process" dies. */
    private static void runStudy(Path logFile, int killAfterEpochs, Map<Integer, Integer> epochsRun) {
        StudyState state = StudyState.replay(TrialLog.read(logFile));
        SearchStrategy strategy = new TpeStrategy(SPACE, Goal.MAXIMIZE, 42, new TpeSettings(0.25, 3, 16));
        AshaRule rule = new AshaRule(1, 2, EPOCHS, Goal.MAXIMIZE);
        Map<String, List<Double>> curves = new HashMap<>(state.curves());
        int[] budget = {killAfterEpochs};
        try (TrialLog log = TrialLog.open(logFile)) {
            for (TrialRecord half : state.halfDone()) {
                log.append(new TrialEvent.Started(half.trial(), half.seed(), half.config().values(), AT));
                train(log, half.trial(), half.seed(), half.config(), half.epochMetrics().size(), curves, rule, budget,
                        epochsRun);
            }
            for (int trial = state.nextTrial(); trial < TRIALS; trial++) {
                List<TrialResult> finished = StudyState.replay(TrialLog.read(logFile)).results();
                TrialConfig config = strategy.suggest(trial, finished).orElseThrow();
                long seed = TrialSeeds.of(42L, trial);
                log.append(new TrialEvent.Started(trial, seed, config.values(), AT));
                curves.put(String.valueOf(trial), List.of());
                train(log, trial, seed, config, 0, curves, rule, budget, epochsRun);
            }
        }
    }

    private static void train(TrialLog log, int trial, long seed, TrialConfig config, int doneEpochs,
            Map<String, List<Double>> curves, AshaRule rule, int[] budget, Map<Integer, Integer> epochsRun) {
        if (trial == 5) {
            log.append(new TrialEvent.Failed(trial, "out of memory", 0.1, AT));
            return;
        }
        String id = String.valueOf(trial);
        for (int epoch = doneEpochs + 1; ; epoch++) {
            if (budget[0]-- == 0) {
                throw new Killed();
            }
            epochsRun.merge(trial, 1, Integer::sum);
            double metric = accuracy(config, seed, epoch);
            log.append(new TrialEvent.Epoch(trial, epoch, metric, AT));
            List<Double> curve = new java.util.ArrayList<>(curves.getOrDefault(id, List.of()));
            curve.add(metric);
            curves.put(id, curve);
            if (!rule.decide(id, curves).trainOn()) {
                double best = curve.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
                log.append(new TrialEvent.Finished(trial, best, epoch, AT));
                return;
            }
        }
    }

    @Test
    void aKilledStudyResumesWithoutLosingOrRerunningATrial() throws IOException {
        Path logFile = dir.resolve("study/trials.jsonl");
        Map<Integer, Integer> epochsRun = new HashMap<>();
        assertThrows(Killed.class, () -> runStudy(logFile, 9, epochsRun));
        // and the last write was torn
        Files.writeString(logFile, "{\"event\":\"epo", StandardOpenOption.APPEND);
        StudyState killed = StudyState.replay(TrialLog.read(logFile));
        assertEquals(1, killed.halfDone().size(), "exactly the trial in training when killed is half-done");
        TrialRecord half = killed.halfDone().get(0);

        runStudy(logFile, Integer.MAX_VALUE, epochsRun);

        List<TrialEvent> events = TrialLog.read(logFile);
        StudyState done = StudyState.replay(events);
        assertEquals(TRIALS, done.trials().size(), "no trial lost");
        assertEquals(List.of(5), done.failed().stream().map(TrialRecord::trial).toList(), "the failing trial");
        assertEquals(TRIALS - 1, done.finished().size());
        for (int trial = 0; trial < TRIALS; trial++) {
            int t = trial;
            long ends = events.stream().filter(e -> e.trial() == t
                    && (e instanceof TrialEvent.Finished || e instanceof TrialEvent.Failed)).count();
            assertEquals(1, ends, "trial " + trial + " ended once");
            long epochEvents = events.stream().filter(e -> e.trial() == t && e instanceof TrialEvent.Epoch).count();
            assertEquals(done.trials().get(trial).epochMetrics().size(), epochEvents,
                    "trial " + trial + ": no epoch trained twice");
            assertEquals(epochEvents, (long) epochsRun.getOrDefault(trial, 0));
        }
        TrialRecord resumed = done.trials().get(half.trial());
        assertEquals(half.config(), resumed.config(), "the half-done trial kept its configuration");
        assertEquals(half.epochMetrics(), resumed.epochMetrics().subList(0, half.epochMetrics().size()));
        assertTrue(done.finished().stream().anyMatch(r -> r.epochMetrics().size() < EPOCHS),
                "the rung rule stopped some trial early: " + done.curves());
    }

    @Test
    void trialSeedsAreFixedByTheStudySeedAndTrialAndDistinct() {
        Set<Long> seeds = new HashSet<>();
        for (int trial = 0; trial < 1000; trial++) {
            assertEquals(TrialSeeds.of(42L, trial), TrialSeeds.of(42L, trial));
            seeds.add(TrialSeeds.of(42L, trial));
            seeds.add(TrialSeeds.of(43L, trial));
        }
        assertEquals(2000, seeds.size(), "no two trials of two studies share a seed");
    }

    @TempDir
    Path dir;
}
