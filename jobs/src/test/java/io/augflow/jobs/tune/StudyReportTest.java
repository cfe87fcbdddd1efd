package io.augflow.jobs.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.augflow.train.tune.Goal;
import io.augflow.train.tune.SearchSpace;
import io.augflow.train.tune.StudyState;
import io.augflow.train.tune.TrialEvent;
import io.augflow.train.tune.TrialEvent.Epoch;
import io.augflow.train.tune.TrialEvent.Failed;
import io.augflow.train.tune.TrialEvent.Finished;
import io.augflow.train.tune.TrialEvent.Started;
import io.augflow.train.tune.TrialLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The study page from hand-written trial logs, replayed as the tune job will: the best trial computed here by hand,
 * one row per trial, failed trials in the table and in no chart, and the edge cases (no trial finished, no trial at
 * all, one trial, only choices).
 */
class StudyReportTest {
    static final String AT = "2026-12-04T13:00:00Z";
    static final String TYPE = "augflow.optimizer.type";
    static final String LR = "augflow.optimizer.learning-rate";
    static final String MOMENTUM = "augflow.optimizer.momentum";
    static final String BATCH = "augflow.train.batch-size";
    static final SearchSpace SPACE = SearchSpace.parse(ConfigFactory.parseString("""
            "augflow.optimizer.type" { choice = [sgd, adam] }
            "augflow.optimizer.learning-rate" { log-uniform = [1e-4, 1e-1] }
            "augflow.optimizer.momentum" { uniform = [0.8, 0.99], when { "augflow.optimizer.type" = sgd } }
            "augflow.train.batch-size" { choice = [32, 64, 128] }
            """), "space.conf");
    static final String STOP = "rung 1 epochs: 2 of 2 reached it, the best 1 go on";

    @TempDir
    Path dir;

    /**
     * Six trials run two at a time: 1 finishes before 0; 2 fails; 3 is stopped at a rung; 4 ties trial 1's 0.81 but
     * finishes later; 5 is still running. By hand: maximising, the best is trial 1 (0.81, first of the tie);
     * minimising, trial 3 (0.55). Finish order 1, 0, 3, 4.
     */
    static List<TrialEvent> study() {
        return List.of(
                new Started(0, 100L, Map.of(TYPE, "sgd", LR, 0.01, MOMENTUM, 0.9, BATCH, 64), AT),
                new Started(1, 101L, Map.of(TYPE, "adam", LR, 0.001, BATCH, 32), AT),
                new Epoch(0, 1, 0.60, AT),
                new Epoch(1, 1, 0.70, AT),
                new Epoch(0, 2, 0.72, AT),
                new Epoch(1, 2, 0.81, AT),
                new Finished(1, 0.81, 30.0, AT),
                new Epoch(0, 3, 0.74, AT),
                new Finished(0, 0.74, 45.0, AT),
                new Started(2, 102L, Map.of(TYPE, "sgd", LR, 0.05, MOMENTUM, 0.85, BATCH, 128), AT),
                new Epoch(2, 1, 0.40, AT),
                new Failed(2, "executor lost: <OutOfMemoryError>", 5.0, AT),
                new Started(3, 103L, Map.of(TYPE, "adam", LR, 0.0003, BATCH, 64), AT),
                new Epoch(3, 1, 0.55, AT),
                new Finished(3, 0.55, 10.0, AT, STOP),
                new Started(4, 104L, Map.of(TYPE, "adam", LR, 0.002, BATCH, 32), AT),
                new Epoch(4, 1, 0.79, AT),
                new Epoch(4, 2, 0.81, AT),
                new Finished(4, 0.81, 150.0, AT),
                new Started(5, 105L, Map.of(TYPE, "sgd", LR, 0.02, MOMENTUM, 0.95, BATCH, 32), AT),
                new Epoch(5, 1, 0.50, AT));
    }

    /** The state as the tune job gets it: the events through a real trial log. */
    StudyState replay(List<TrialEvent> events) {
        Path log = dir.resolve("log-" + System.nanoTime() + ".jsonl");
        try (TrialLog out = TrialLog.open(log)) {
            events.forEach(out::append);
        }
        return StudyState.replay(TrialLog.read(log));
    }

    static String attribute(String html, String element, String name) {
        Matcher m = Pattern.compile("<" + element + "[^>]*? " + name + "=\"([^\"]*)\"").matcher(html);
        assertTrue(m.find(), element + " " + name);
        return m.group(1);
    }

    /** data-trials of a figure, by its id. */
    static String drawn(String html, String figure) {
        Matcher m = Pattern.compile("<figure id=\"" + figure + "\" data-trials=\"([^\"]*)\"").matcher(html);
        assertTrue(m.find(), figure);
        return m.group(1);
    }

    static List<String> rows(String html) {
        Matcher m = Pattern.compile("<tr(?: class=\"best\")? data-trial=\"(\\d+)\"").matcher(html);
        List<String> trials = new ArrayList<>();
        while (m.find()) {
            trials.add(m.group(1));
        }
        return trials;
    }

    @Test
    void theBestTrialIsTheHandComputedOneAndTheFirstToReachATie() throws Exception {
        Path page = StudyReport.write(replay(study()), SPACE, Goal.MAXIMIZE, "validation accuracy", "tpe",
                dir.resolve("my-study"));
        assertEquals(dir.resolve("my-study").resolve("study.html"), page);
        String html = Files.readString(page);
        assertEquals("1", attribute(html, "div id=\"best\"", "data-trial"));
        assertEquals("0.81", attribute(html, "div id=\"best\"", "data-metric"));
        assertTrue(html.contains("Best: <b>trial 1</b>, validation accuracy <b>0.8100</b> after 2 epochs, seed 101"),
                "the header names the best trial");
        assertTrue(html.contains("<h1>augflow study: my-study</h1>") && html.contains("strategy <b>tpe</b>"));
        assertTrue(html.contains("6 trials: <span id=\"done\" data-value=\"4\">4 finished</span>, <span id=\"failed\""
                + " data-value=\"1\">1 failed</span>, <span id=\"running\" data-value=\"1\">1 running</span>"));
        // the best configuration, the conditional momentum not set for adam
        assertTrue(html.contains("<tr><th>augflow.optimizer.type</th><td>adam</td></tr>"));
        assertTrue(html.contains("<tr><th>augflow.optimizer.learning-rate</th><td>0.001</td></tr>"));
        assertTrue(html.contains("<tr><th>augflow.optimizer.momentum</th><td><span class=\"unset\">not set"));
        assertEquals(1, html.split("<tr class=\"best\"", -1).length - 1, "one highlighted row");
        assertTrue(html.contains("<tr class=\"best\" data-trial=\"1\""));

        String minimised = StudyReport.render(replay(study()), SPACE, Goal.MINIMIZE, "validation loss",
                java.util.Optional.empty(), "s");
        assertEquals("3", attribute(minimised, "div id=\"best\"", "data-trial"), "lowest is trial 3's 0.55");
        assertFalse(minimised.contains("strategy <b>"), "no strategy when unknown");
    }

    @Test
    void theTableHasOneRowPerTrialAndTheFailedOneIsInNoChart() throws Exception {
        String html = Files.readString(StudyReport.write(replay(study()), SPACE, Goal.MAXIMIZE, "validation accuracy",
                dir.resolve("s")));
        assertEquals(List.of("0", "1", "2", "3", "4", "5"), rows(html));
        assertTrue(html.contains("data-trial=\"2\" data-status=\"FAILED\">"), "the failed trial has a row");
        assertTrue(html.contains("executor lost: &lt;OutOfMemoryError&gt;"), "its reason, escaped");
        assertTrue(html.contains("stopped early") && html.contains(STOP), "the rung stop and its reason");
        // momentum is blank for the three adam trials, in the table only
        assertEquals(3, html.split("<td class=\"blank\"></td>", -1).length - 1);
        // finish order, not trial order; the failed trial 2 drawn nowhere; the running 5 only as a learning curve
        assertEquals("1 0 3 4", drawn(html, "fig-best-so-far"));
        assertEquals("1 0 3 4", drawn(html, "fig-parallel"));
        assertEquals("0 1 3 4 5", drawn(html, "fig-learning-curves"));
        assertEquals("0", drawn(html, "fig-parameter-2"), "momentum: only the finished sgd trial");
        Matcher figures = Pattern.compile("data-trials=\"([^\"]*)\"").matcher(html);
        while (figures.find()) {
            assertFalse(List.of(figures.group(1).split(" ")).contains("2"), figures.group());
        }
        assertEquals(4, html.split("<path class=\"trial\"", -1).length - 1, "a parallel line per finished trial");
        assertFalse(html.contains("data-trial=\"2\" d="), "no line for the failed trial");
        for (String chart : List.of("chart-best-so-far", "chart-parallel", "chart-learning-curves",
                "chart-parameter-0", "chart-parameter-1", "chart-parameter-3")) {
            assertTrue(html.contains("id='" + chart + "'") || html.contains("id=\"" + chart + "\""), chart);
        }
        assertTrue(html.contains("(log scale)"), "the learning rate on a log axis");
        assertFalse(html.matches("(?s).*(src|href)=[\"']https?:.*"), "self-contained");
    }

    @Test
    void aNanMetricIsShownButNeverBest() {
        List<TrialEvent> events = List.of(
                new Started(0, 1L, Map.of(TYPE, "adam", LR, 0.09, BATCH, 32), AT),
                new Epoch(0, 1, Double.NaN, AT),
                new Finished(0, Double.NaN, 3.0, AT),
                new Started(1, 2L, Map.of(TYPE, "adam", LR, 0.001, BATCH, 32), AT),
                new Epoch(1, 1, 0.3, AT),
                new Finished(1, 0.3, 3.0, AT));
        String html = StudyReport.render(replay(events), SPACE, Goal.MAXIMIZE, "accuracy", java.util.Optional.empty(),
                "s");
        assertEquals("1", attribute(html, "div id=\"best\"", "data-trial"));
        assertTrue(html.contains("data-trial=\"0\" data-status=\"FINISHED\" data-metric=\"NaN\""));
        assertEquals("1", drawn(html, "fig-parallel"));
    }

    @Test
    void withNoTrialFinishedThePageSaysSoInsteadOfEmptyCharts() {
        List<TrialEvent> events = List.of(
                new Started(0, 1L, Map.of(TYPE, "adam", LR, 0.01, BATCH, 32), AT),
                new Failed(0, "boom", 1.0, AT),
                new Started(1, 2L, Map.of(TYPE, "sgd", LR, 0.01, MOMENTUM, 0.9, BATCH, 32), AT),
                new Epoch(1, 1, 0.4, AT));
        String html = StudyReport.render(replay(events), SPACE, Goal.MAXIMIZE, "accuracy", java.util.Optional.empty(),
                "s");
        assertTrue(html.contains("id=\"no-finished\""));
        assertFalse(html.contains("id=\"best\""));
        for (String gone : List.of("chart-best-so-far", "chart-parallel", "chart-parameter-")) {
            assertFalse(html.contains("id='" + gone) || html.contains("id=\"" + gone), gone);
        }
        assertEquals(List.of("0", "1"), rows(html));
        assertEquals("1", drawn(html, "fig-learning-curves"), "the running trial's epoch so far");

        String empty = StudyReport.render(replay(List.of()), SPACE, Goal.MAXIMIZE, "accuracy",
                java.util.Optional.empty(), "s");
        assertTrue(empty.contains("id=\"no-trials\"") && empty.contains("id=\"no-finished\""));
        assertFalse(empty.contains("<figure"));
    }

    @Test
    void oneTrialWithOnlyChoicesDrawsEveryChart() {
        SearchSpace choices = SearchSpace.parse(ConfigFactory.parseString("""
                "augflow.optimizer.type" { choice = [sgd, adam] }
                "augflow.train.batch-size" { choice = [32, 64, 128] }
                """), "space.conf");
        String html = StudyReport.render(replay(oneChoiceTrial()), choices, Goal.MAXIMIZE, "accuracy",
                java.util.Optional.empty(), "s");
        assertEquals("0", attribute(html, "div id=\"best\"", "data-trial"));
        assertEquals(List.of("0"), rows(html));
        for (String figure : List.of("fig-best-so-far", "fig-parameter-0", "fig-parameter-1", "fig-parallel",
                "fig-learning-curves")) {
            assertEquals("0", drawn(html, figure), figure);
        }
    }

    static List<TrialEvent> oneChoiceTrial() {
        return List.of(
                new Started(0, 1L, Map.of(TYPE, "adam", BATCH, 64), AT),
                new Epoch(0, 1, 0.5, AT),
                new Finished(0, 0.5, 2.0, AT));
    }
}
