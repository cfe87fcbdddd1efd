package io.augflow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augflow.jobs.faults.Console;
import io.augflow.jobs.tune.StudyOutputs;
import io.augflow.jobs.tune.StudyReport;
import io.augflow.jobs.tune.TuneJob;
import io.augflow.train.spark.SparkTrainer;
import io.augflow.train.tune.TrialEvent;
import io.augflow.train.tune.TrialLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code augflow tune} end to end on local[2]: tiny LeNet-5 trials of one epoch on 80 generated images, one dataset
 * and Spark session for every study. A study runs K trials at once and writes study.json and a best.conf that trains;
 * a killed study resumes without losing or repeating a trial; a failing trial is marked failed while the others
 * finish; a study whose every trial fails ends with one message and exit code 1; successive halving stops a trial worse
 * at its rung; a trial running past {@code tune.trial-timeout} is cancelled, jobs and thread, and logged failed.
 */
class TuneCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static SparkSession spark;
    static String dataset;
    static Path base;

    @BeforeAll
    static void generate() throws IOException {
        spark = TinyModels.spark();
        dataset = TinyModels.shapes(spark, dir, 80, 0.25, 0);
        base = dir.resolve("base.conf");
        Files.writeString(base, "augflow {\n" + TinyModels.CLASSIFIER.replace("evaluate-split = \"\"",
                "evaluate-split = val") + "}\n");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Path space(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static Console tune(Path study, Path space, String... more) {
        List<String> args = new ArrayList<>(List.of("tune", "-d", dataset, "-o", study.toString(), "--space",
                space.toString(), "--conf", base.toString()));
        args.addAll(List.of(more));
        return TinyModels.cli(args.toArray(String[]::new));
    }

    private static List<TrialEvent> log(Path study) {
        return TrialLog.read(study.resolve(TuneJob.LOG_FILE));
    }

    private static long count(List<TrialEvent> events, Class<? extends TrialEvent> type, int trial) {
        return events.stream().filter(e -> type.isInstance(e) && e.trial() == trial).count();
    }

    @Test
    void aSmallStudyRunsItsTrialsTwoAtATimeAndItsBestConfTrains() throws IOException {
        Path study = dir.resolve("study");
        Path space = space("space.conf", """
                "augflow.optimizer.learning-rate" { log-uniform = [1e-3, 1e-2] }
                "augflow.model.dropout"           { choice = [0.0, 0.2] }
                """);
        Console run = tune(study, space, "--strategy", "random", "--trials", "3", "--parallel", "2", "--seed", "4");
        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(run.out().contains("tune: 3/3 done, 0 running, 0 failed; best macro-f1 "), run.out());

        JsonNode json = JSON.readTree(study.resolve(StudyOutputs.JSON_FILE).toFile());
        assertEquals("macro-f1", json.get("metric").asText(), "auto resolved for a classifier");
        JsonNode trials = json.get("trials");
        assertEquals(3, trials.size());
        double bestMetric = Double.NEGATIVE_INFINITY;
        int bestTrial = -1;
        for (JsonNode t : trials) {
            assertEquals("finished", t.get("status").asText());
            assertEquals(1, t.get("epochMetrics").size());
            assertEquals(t.get("epochMetrics").get(0).asDouble(), t.get("metric").asDouble(), "one epoch: its metric");
            assertTrue(Files.exists(Path.of(t.get("dir").asText(), SparkTrainer.MODEL_FILE)));
            if (t.get("metric").asDouble() > bestMetric) {
                bestMetric = t.get("metric").asDouble();
                bestTrial = t.get("trial").asInt();
            }
        }
        assertEquals(bestTrial, json.get("best").get("trial").asInt());
        // the study page is written beside study.json and names the same best trial
        Path page = study.resolve(StudyReport.FILE_NAME);
        assertTrue(run.out().contains("report:  " + page), run.out());
        String html = Files.readString(page);
        assertTrue(html.contains("random"), "the strategy is in the page's header");
        assertTrue(html.contains(String.format(java.util.Locale.ROOT, "%.4f", bestMetric)), "best metric in the page");
        // each trial trained with its own seed and its own values
        assertEquals(3, Stream.of(0, 1, 2).map(i -> trials.get(i).get("seed").asLong()).distinct().count());

        Path bestConf = study.resolve(StudyOutputs.BEST_FILE);
        String text = Files.readString(bestConf);
        JsonNode bestValues = json.get("best").get("config");
        assertTrue(text.contains(String.valueOf(bestValues.get("augflow.optimizer.learning-rate").asDouble())), text);
        Console retrain = TinyModels.cli("train", "-d", dataset, "-o", dir.resolve("from-best").toString(), "--conf",
                bestConf.toString());
        assertEquals(0, retrain.exitCode(), retrain.describe());
        JsonNode trained = JSON.readTree(dir.resolve("from-best").resolve(SparkTrainer.RESULT_FILE).toFile());
        assertEquals(json.get("best").get("seed").asLong(), trained.get("provenance").get("seed").asLong());
    }

    @Test
    void aKilledStudyResumesWithoutLosingOrRepeatingATrialAndTheHalfDoneOneResumesFromItsCheckpoint()
            throws IOException {
        Path study = dir.resolve("resumed");
        Path space = space("lr.conf", "\"augflow.optimizer.learning-rate\" { log-uniform = [1e-3, 1e-2] }\n");
        String[] args = {"--strategy", "random", "--trials", "2", "--parallel", "1", "--set", "augflow.train.epochs=2"};
        assertEquals(0, tune(study, space, args).exitCode());

        // the study "killed" in trial 1's second epoch: the log ends after its first epoch, and its second epoch's
        // checkpoint and outputs are gone
        List<TrialEvent> all = log(study);
        int cut = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i) instanceof TrialEvent.Epoch e && e.trial() == 1 && e.epoch() == 1) {
                cut = i + 1;
            }
        }
        List<String> lines = Files.readAllLines(study.resolve(TuneJob.LOG_FILE)).subList(0, cut);
        Files.write(study.resolve(TuneJob.LOG_FILE), lines);
        Path trial1 = study.resolve(TuneJob.TRIALS_DIR).resolve("1");
        deleteTree(trial1.resolve(SparkTrainer.CHECKPOINTS).resolve("epoch-0001"));
        Files.delete(trial1.resolve(SparkTrainer.RESULT_FILE));
        Files.delete(trial1.resolve(SparkTrainer.MODEL_FILE));
        Files.writeString(trial1.resolve(SparkTrainer.HISTORY_FILE), "[]");
        long trial0Model = Files.getLastModifiedTime(study.resolve(TuneJob.TRIALS_DIR).resolve("0")
                .resolve(SparkTrainer.MODEL_FILE)).toMillis();

        Console resumed = tune(study, space, args);
        assertEquals(0, resumed.exitCode(), resumed.describe());
        List<TrialEvent> events = log(study);
        assertEquals(1, count(events, TrialEvent.Started.class, 0), "the finished trial is not run again");
        assertEquals(1, count(events, TrialEvent.Finished.class, 0));
        assertEquals(2, count(events, TrialEvent.Started.class, 1), "the half-done trial restarted once");
        assertEquals(1, count(events, TrialEvent.Finished.class, 1));
        assertFalse(events.stream().anyMatch(e -> e.trial() > 1), "no trial beyond the study's 2");
        JsonNode result = JSON.readTree(trial1.resolve(SparkTrainer.RESULT_FILE).toFile());
        assertEquals(1, result.get("resumedFromEpoch").asInt(), "trained on from its epoch-1 checkpoint");
        assertEquals(2, result.get("history").size());
        assertEquals(trial0Model, Files.getLastModifiedTime(study.resolve(TuneJob.TRIALS_DIR).resolve("0")
                .resolve(SparkTrainer.MODEL_FILE)).toMillis(), "trial 0's model untouched");
        JsonNode json = JSON.readTree(study.resolve(StudyOutputs.JSON_FILE).toFile());
        assertEquals(2, json.get("counts").get("finished").asInt());
        assertEquals(2, json.get("trials").get(1).get("epochMetrics").size());

        // the same folder with another strategy is another study: refused, naming the change
        Console changed = tune(study, space, "--strategy", "grid", "--trials", "2", "--set", "augflow.train.epochs=2");
        assertEquals(ExitCodes.USAGE, changed.exitCode(), changed.describe());
        assertTrue(changed.err().contains("tune.strategy: random -> grid"), changed.err());
    }

    @Test
    void aFailingTrialIsMarkedFailedAndTheOthersFinish() throws IOException {
        Path study = dir.resolve("one-fails");
        // early stopping needs validation rows: the trial evaluating on a split without rows fails before training
        Path space = space("split.conf", "\"augflow.train.evaluate-split\" { choice = [val, nosuch] }\n");
        Console run = tune(study, space, "--strategy", "grid", "--trials", "5", "--parallel", "2", "--set",
                "augflow.train.early-stopping.patience=1");
        assertEquals(0, run.exitCode(), run.describe());
        JsonNode trials = JSON.readTree(study.resolve(StudyOutputs.JSON_FILE).toFile()).get("trials");
        assertEquals(2, trials.size(), "the grid has 2 points");
        assertEquals("finished", trials.get(0).get("status").asText());
        assertEquals("failed", trials.get(1).get("status").asText());
        assertTrue(trials.get(1).get("failure").asText().contains("augflow.train.early-stopping.patience = 1"),
                trials.get(1).toString());
        assertTrue(run.out().contains("1 failed"), run.out());
    }

    @Test
    void aStudyWhoseEveryTrialFailsEndsWithOneMessageAndExitCode1() throws IOException {
        Path study = dir.resolve("all-fail");
        Path space = space("bad-split.conf", "\"augflow.train.evaluate-split\" { choice = [nosuch] }\n");
        Console run = tune(study, space, "--strategy", "grid", "--set", "augflow.train.early-stopping.patience=1");
        assertEquals(ExitCodes.FAILED, run.exitCode(), run.describe());
        String first = run.err().lines().filter(l -> l.startsWith("augflow tune: ")).findFirst().orElse("");
        assertTrue(first.startsWith("augflow tune: every trial failed: all 1 trials failed (trial 0: "
                + "augflow.train.early-stopping.patience = 1 asks for early stopping"), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
        assertTrue(Files.exists(study.resolve(StudyOutputs.JSON_FILE)), "the failures are recorded");
        assertFalse(Files.exists(study.resolve(StudyOutputs.BEST_FILE)));
        assertTrue(Files.exists(study.resolve(StudyReport.FILE_NAME)), "the page shows the failed trials too");
    }

    /**
     * Two trials one after the other, rungs at epoch 1 of 2 with reduction factor 2. Seed 7 draws learning rate 0.01
     * for trial 0 and 1e-9 for trial 1 (asserted below): trial 1 keeps its initialisation's predictions, trial 0
     * learns, and both are deterministic on local[2] (validation macro-F1 0.532 and 0.359 at epoch 1, the same in
     * every run seen), so trial 1 is stopped at the rung every time.
     */
    @Test
    void halvingStopsTheTrialWorseAtItsRungAndTheOtherTrialIsTheBest() throws IOException {
        Path study = dir.resolve("halving");
        Path space = space("lr-choice.conf", "\"augflow.optimizer.learning-rate\" { choice = [0.01, 1e-9] }\n");
        Console run = tune(study, space, "--strategy", "halving", "--trials", "2", "--parallel", "1", "--seed", "7",
                "--set", "augflow.tune.halving.min-epochs=1", "--set", "augflow.tune.halving.reduction-factor=2",
                "--set", "augflow.tune.halving.max-epochs=2", "--set", "augflow.train.batch-size-per-worker=4");
        assertEquals(0, run.exitCode(), run.describe());

        List<TrialEvent> events = log(study);
        assertEquals(Map.of("augflow.optimizer.learning-rate", 0.01), started(events, 0).config(),
                "the seed's draw this test relies on");
        assertEquals(Map.of("augflow.optimizer.learning-rate", 1e-9), started(events, 1).config());
        List<Double> good = metrics(events, 0);
        List<Double> stoppedCurve = metrics(events, 1);
        assertEquals(2, good.size(), "trial 0 was promoted at the rung and trained its 2 epochs");
        assertEquals(1, stoppedCurve.size(), "trial 1 trained 1 epoch of its budget of 2");
        // the rule by hand: 2 trials reached rung 1, max(1, floor(2 / 2)) = 1 goes on, and trial 1 was behind trial 0
        assertTrue(good.get(0) > stoppedCurve.get(0), "trial 0 " + good + " vs trial 1 " + stoppedCurve);
        String reason = "successive halving stopped trial 1 at its rung 1 epochs: 2 of 2 reached it, the best 1 go on";
        assertNull(finished(events, 0).stop(), "trial 0 completed");
        assertEquals(reason, finished(events, 1).stop());
        assertEquals(stoppedCurve.get(0), finished(events, 1).metric(), "its result is its rung metric");

        Path stoppedDir = study.resolve(TuneJob.TRIALS_DIR).resolve("1");
        JsonNode model = JSON.readTree(stoppedDir.resolve(SparkTrainer.RESULT_FILE).toFile());
        assertEquals(2, model.get("epochs").asInt(), "the trial's budget: tune.halving.max-epochs");
        assertEquals(1, model.get("history").size());
        assertTrue(model.get("kept").get("stoppedEarly").asBoolean(), model.get("kept").toString());
        assertEquals(reason, model.get("kept").get("stopReason").asText());
        assertEquals(1, JSON.readTree(stoppedDir.resolve(SparkTrainer.HISTORY_FILE).toFile()).size());

        JsonNode json = JSON.readTree(study.resolve(StudyOutputs.JSON_FILE).toFile());
        JsonNode trials = json.get("trials");
        assertEquals(2, trials.size());
        assertEquals(reason, trials.get(1).get("stopReason").asText());
        assertEquals(1, trials.get(1).get("epochs").asInt());
        assertTrue(trials.get(0).get("stopReason").isNull());
        assertEquals(2, trials.get(0).get("epochs").asInt());
        // a trial stopped at a rung counts as finished: completed + stopped + failed = trials
        int completed = 0;
        int stopped = 0;
        int failed = 0;
        for (JsonNode t : trials) {
            if (t.get("status").asText().equals("failed")) {
                failed++;
            } else if (t.get("stopReason").isNull()) {
                completed++;
            } else {
                stopped++;
            }
        }
        assertEquals(List.of(1, 1, 0), List.of(completed, stopped, failed));
        assertEquals(completed + stopped, json.get("counts").get("finished").asInt());
        assertEquals(failed, json.get("counts").get("failed").asInt());
        // what the rule guarantees: a trial stopped at a rung had one strictly better there, whose result (its best
        // epoch, the rung's included) is then better than the stopped trial's; so the best trial is not the stopped one
        assertEquals(0, json.get("best").get("trial").asInt());
        assertEquals(Math.max(good.get(0), good.get(1)), json.get("best").get("metric").asDouble());
        assertTrue(json.get("best").get("metric").asDouble() > finished(events, 1).metric());
    }

    /**
     * Each trial would train 1,000 epochs but {@code tune.trial-timeout} is 8 s: both trials (one after the other)
     * are cancelled, so every trial failed and the study ends with exit code 1. The guard is against a hang, not a
     * speed requirement.
     */
    @Test
    void aTrialRunningPastTheTrialTimeoutIsCancelledAndLoggedFailedAndNothingOfItRunsOn() throws IOException {
        Path study = dir.resolve("timeout");
        Path space = space("one-lr.conf", "\"augflow.optimizer.learning-rate\" { choice = [0.003] }\n");
        Console run = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> tune(study, space, "--strategy",
                "random", "--trials", "2", "--parallel", "1", "--set", "augflow.train.epochs=1000", "--set",
                "augflow.tune.trial-timeout=8s"));
        assertEquals(ExitCodes.FAILED, run.exitCode(), run.describe());
        String cancelled = "timed out after 8 s (tune.trial-timeout) and was cancelled";
        List<String> lines = run.err().lines().filter(l -> l.startsWith("augflow tune: ")).toList();
        assertEquals(List.of("augflow tune: every trial failed: all 2 trials failed (trial 0: " + cancelled
                + "; trial 1: " + cancelled + ")"), lines, run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());

        List<TrialEvent> events = log(study);
        for (int trial = 0; trial < 2; trial++) {
            assertEquals(1, count(events, TrialEvent.Started.class, trial));
            assertEquals(0, count(events, TrialEvent.Finished.class, trial));
            int n = trial;
            TrialEvent.Failed failed = (TrialEvent.Failed) events.stream()
                    .filter(e -> e instanceof TrialEvent.Failed && e.trial() == n).findFirst().orElseThrow();
            assertEquals(cancelled, failed.reason());
            assertTrue(failed.seconds() >= 8, "failed only past its limit: " + failed);
            assertTrue(metrics(events, trial).size() < 1000);
        }
        assertTrue(events.indexOf(started(events, 1)) > events.indexOf(events.stream()
                .filter(e -> e instanceof TrialEvent.Failed && e.trial() == 0).findFirst().orElseThrow()),
                "the study went on with trial 1 after trial 0 was cancelled");
        JsonNode json = JSON.readTree(study.resolve(StudyOutputs.JSON_FILE).toFile());
        assertEquals(2, json.get("counts").get("failed").asInt());
        assertEquals(cancelled, json.get("trials").get(0).get("failure").asText());

        // the command used this test's session: its trials' jobs were cancelled, their tasks ended, their threads gone
        assertFalse(spark.sparkContext().isStopped());
        assertEquals(0, spark.sparkContext().statusTracker().getActiveJobIds().length, "no job of a trial runs on");
        assertTrue(eventually(() -> Arrays.stream(spark.sparkContext().statusTracker().getExecutorInfos())
                .allMatch(e -> e.numRunningTasks() == 0)), "no task of a trial runs on");
        assertTrue(eventually(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("augflow-trial-"))), "no trial thread runs on");
    }

    private static TrialEvent.Started started(List<TrialEvent> events, int trial) {
        return events.stream().filter(e -> e instanceof TrialEvent.Started && e.trial() == trial)
                .map(TrialEvent.Started.class::cast).findFirst().orElseThrow();
    }

    private static TrialEvent.Finished finished(List<TrialEvent> events, int trial) {
        return events.stream().filter(e -> e instanceof TrialEvent.Finished && e.trial() == trial)
                .map(TrialEvent.Finished.class::cast).findFirst().orElseThrow();
    }

    /** The trial's validation metric per epoch, as logged. */
    private static List<Double> metrics(List<TrialEvent> events, int trial) {
        return events.stream().filter(e -> e instanceof TrialEvent.Epoch && e.trial() == trial)
                .map(e -> ((TrialEvent.Epoch) e).metric()).toList();
    }

    /** Whether {@code condition} holds within 30 s (cancelled tasks and threads end soon, not at once). */
    private static boolean eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
