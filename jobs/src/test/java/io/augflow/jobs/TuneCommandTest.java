package io.augflow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.ArrayList;
import java.util.List;
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
 * finish; a study whose every trial fails ends with one message and exit code 1.
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

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
