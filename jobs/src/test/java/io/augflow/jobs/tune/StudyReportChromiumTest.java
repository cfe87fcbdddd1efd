package io.augflow.jobs.tune;

import io.augflow.jobs.testing.HeadlessChromium;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.augflow.train.tune.Goal;
import io.augflow.train.tune.SearchSpace;
import io.augflow.train.tune.StudyState;
import io.augflow.train.tune.TrialEvent;
import io.augflow.train.tune.TrialLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The study page in headless Chromium, as the other reports are tested: no script error, and the page's own check
 * (rows against the embedded trials, the best recomputed in the browser, no failed trial drawn, every chart's SVG
 * drawn) writes "ok". A full study, one with no trial finished, and one trial over choices only.
 */
class StudyReportChromiumTest {

    @TempDir
    Path dir;

    private StudyState replay(String name, List<TrialEvent> events) {
        Path log = dir.resolve(name + ".jsonl");
        try (TrialLog out = TrialLog.open(log)) {
            events.forEach(out::append);
        }
        return StudyState.replay(TrialLog.read(log));
    }

    @Test
    void aFullStudyRendersWithoutErrorsAndItsChecksPass() throws Exception {
        Path page = StudyReport.write(replay("full", StudyReportTest.study()), StudyReportTest.SPACE, Goal.MAXIMIZE,
                "validation accuracy", "tpe", dir.resolve("full"));
        assertChecksPass(page);
        // a screenshot for a human look (under target/, never committed)
        Path png = Path.of("target", "study-report-screenshot.png").toAbsolutePath();
        Files.deleteIfExists(png);
        HeadlessChromium.run(dir, "--screenshot=" + png, "--window-size=1150,3000", "--hide-scrollbars", page.toUri().toString());
        assertTrue(Files.size(png) > 10_000, "screenshot written");
    }

    @Test
    void theEdgeCasesRenderWithoutErrorsToo() throws Exception {
        List<TrialEvent> unfinished = List.of(
                new TrialEvent.Started(0, 1L, java.util.Map.of(StudyReportTest.TYPE, "adam", StudyReportTest.LR, 0.01,
                        StudyReportTest.BATCH, 32), StudyReportTest.AT),
                new TrialEvent.Failed(0, "boom", 1.0, StudyReportTest.AT),
                new TrialEvent.Started(1, 2L, java.util.Map.of(StudyReportTest.TYPE, "adam", StudyReportTest.LR, 0.01,
                        StudyReportTest.BATCH, 32), StudyReportTest.AT),
                new TrialEvent.Epoch(1, 1, 0.4, StudyReportTest.AT));
        assertChecksPass(StudyReport.write(replay("unfinished", unfinished), StudyReportTest.SPACE, Goal.MAXIMIZE,
                "accuracy", dir.resolve("unfinished")));
        SearchSpace choices = SearchSpace.parse(ConfigFactory.parseString("""
                "augflow.optimizer.type" { choice = [sgd, adam] }
                "augflow.train.batch-size" { choice = [32, 64, 128] }
                """), "space.conf");
        Path one = StudyReport.write(replay("one", StudyReportTest.oneChoiceTrial()), choices, Goal.MINIMIZE, "loss",
                dir.resolve("one"));
        assertChecksPass(one);
        Path png = Path.of("target", "study-report-one-trial.png").toAbsolutePath();
        Files.deleteIfExists(png);
        HeadlessChromium.run(dir, "--screenshot=" + png, "--window-size=1150,2000", "--hide-scrollbars", one.toUri().toString());
        assertTrue(Files.size(png) > 10_000, "screenshot written");
    }

    private void assertChecksPass(Path page) throws Exception {
        HeadlessChromium.Output run = HeadlessChromium.run(dir, "--dump-dom", page.toUri().toString());
        String dom = run.stdout();
        int at = dom.indexOf("<div id=\"check\"");
        assertTrue(dom.contains("<div id=\"check\" data-check=\"ok\">ok</div>"), "page check: "
                + (at < 0 ? "(missing)" : dom.substring(at, Math.min(dom.length(), at + 600))));
        assertTrue(dom.contains("<div id=\"errors\"></div>"), "no script error");
        assertFalse(run.stderr().contains("Uncaught"), run.stderr());
    }
}
