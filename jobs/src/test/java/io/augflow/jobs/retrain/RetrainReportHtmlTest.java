package io.augflow.jobs.retrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augflow.jobs.report.Html;
import io.augflow.jobs.retrain.RetrainRecord.BalanceSummary;
import io.augflow.jobs.retrain.RetrainRecord.ClassBalance;
import io.augflow.jobs.retrain.RetrainRecord.TrainingSummary;
import io.augflow.train.detect.eval.CocoMetrics;
import io.augflow.train.eval.ClassificationMetrics;
import io.augflow.train.registry.DatasetSnapshot;
import io.augflow.train.retrain.DataDelta;
import io.augflow.train.retrain.PromotionDecision;
import io.augflow.train.retrain.PromotionMetric;
import io.augflow.train.retrain.PromotionRule;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The run report from a record alone: every section, the chart, escaping, and the embedded JSON. */
class RetrainReportHtmlTest {
    private static final List<String> CLASSES = List.of("circle", "<b>square</b>", "star");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RetrainRecord rejected() {
        var champion = ClassificationMetrics.of(new long[][] {{80, 20, 0}, {20, 80, 0}, {0, 0, 10}}, CLASSES);
        var challenger = ClassificationMetrics.of(new long[][] {{100, 0, 0}, {0, 100, 0}, {0, 5, 5}}, CLASSES);
        PromotionDecision decision = new PromotionRule(PromotionMetric.MACRO_F1, 0.005, 0.05).decide(champion, challenger);
        DataDelta delta = DataDelta.between(2,
                new DatasetSnapshot("d", 100, Map.of("circle", 50L, "<b>square</b>", 50L), List.of("a.png")),
                new DatasetSnapshot("d", 160, Map.of("circle", 80L, "<b>square</b>", 70L, "star", 10L),
                        List.of("a.png", "b.png", "c & d.png")));
        BalanceSummary balance = new BalanceSummary("balance/report.html", "balance/report.json", "oversample", 8.0,
                1.0, List.of(new ClassBalance("circle", 80, 80), new ClassBalance("<b>square</b>", 70, 80),
                        new ClassBalance("star", 10, 80)));
        TrainingSummary training = new TrainingSummary("runs/r1/model", "model/training-report.html", "v0002", 2, 12.5,
                "abc123", 42);
        return new RetrainRecord(RetrainOutcome.REJECTED, "rejected v3, champion v2 kept: recall of class 'star'",
                decision.reasons(), "data/d", "reg", "runs/r1", "2026-01-01T00:00:00Z", "2026-01-01T00:05:00Z", 2, 3,
                2, delta, balance, training, "test", champion, challenger, decision, null);
    }

    @Test
    void showsEverySectionWithTheRecordsFigures() throws Exception {
        RetrainRecord r = rejected();
        String html = RetrainReportHtml.render(r);
        assertTrue(html.contains("data-outcome=\"rejected\""));
        for (String reason : r.reasons()) {
            assertTrue(html.contains("<li>" + Html.esc(reason) + "</li>"), reason);
        }
        assertTrue(html.contains("data-field=\"metricImproved\" data-value=\"true\""), "the metric did improve");
        assertTrue(html.contains("data-field=\"classKept\" data-value=\"false\""), "star's recall fell");
        assertTrue(html.contains("<tr class=\"bad\" data-class=\"star\">"), "the failing class is marked");
        assertTrue(html.contains("data-class=\"star\" data-value=\"10\""), "new rows of a new class");
        assertTrue(html.contains("<li>c &amp; d.png</li>") && !html.contains("<li>a.png</li>"), "new files only");
        assertTrue(html.contains("href=\"balance/report.html\"") && html.contains("href=\"model/training-report.html\""));
        assertTrue(html.contains("<svg") && html.contains("id='" + RecallChart.ID + "'"));
        assertTrue(html.contains("&lt;b&gt;square&lt;/b&gt;") && !html.contains("<b>square</b>"), "names are escaped");
        Matcher recall = Pattern.compile("data-model=\"challenger\" data-recall=\"([0-9.E-]+)\"").matcher(html);
        int rows = 0;
        while (recall.find()) {
            assertEquals(r.challengerMetrics().perClass(rows).recall(), Double.parseDouble(recall.group(1)));
            rows++;
        }
        assertEquals(3, rows);
    }

    @Test
    void embedsTheRecordAsJsonThatReadsBackTheSame() throws Exception {
        RetrainRecord r = rejected();
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"retrain-data\">(.*?)</script>",
                Pattern.DOTALL).matcher(RetrainReportHtml.render(r));
        assertTrue(m.find());
        assertFalse(m.group(1).contains("<"), "no markup can close the script element early");
        JsonNode embedded = JSON.readTree(m.group(1));
        assertEquals(JSON.readTree(r.toJson()), embedded);
        assertEquals("rejected", embedded.path("outcome").asText());
        assertFalse(embedded.has("error"), "absent parts are left out, not null");
    }

    @Test
    void aFirstModelHasOnlyTheChallengerAndANothingToDoRunNoMetrics() {
        RetrainRecord r = rejected();
        RetrainRecord first = new RetrainRecord(RetrainOutcome.FIRST_MODEL, "first model: v1", List.of("first model"),
                "d", "reg", "run", "t0", "t1", null, 1, 1, null, r.balance(), r.training(), "test", null,
                r.challengerMetrics(), null, null);
        String html = RetrainReportHtml.render(first);
        assertTrue(html.contains("id='" + RecallChart.ID + "'"));
        assertFalse(html.contains("champion recall"), "no champion columns");
        assertFalse(html.contains("id=\"delta\""));

        RetrainRecord nothing = new RetrainRecord(RetrainOutcome.NOTHING_TO_DO, "nothing to do: 3 new rows",
                List.of("nothing to do: 3 new rows"), "d", "reg", "run", "t0", "t1", 2, null, 2, r.delta(), null, null,
                "test", null, null, null, null);
        String quiet = RetrainReportHtml.render(nothing);
        assertTrue(quiet.contains("data-outcome=\"nothing-to-do\"") && quiet.contains("id=\"delta\""));
        assertFalse(quiet.contains("<svg"));
        assertTrue(quiet.contains("data-field=\"challenger\">none<"));
    }

    /** COCO metrics with overall AP and AP50 and per class (boxes, AP, AP50); the other stats fixed. */
    private static CocoMetrics coco(double ap, double ap50, int[] boxes, double[] classAp, double[] classAp50) {
        List<CocoMetrics.ClassMetrics> perClass = new java.util.ArrayList<>();
        for (int c = 0; c < CLASSES.size(); c++) {
            perClass.add(new CocoMetrics.ClassMetrics(c, CLASSES.get(c), boxes[c], classAp[c], classAp50[c], 0.5,
                    List.of()));
        }
        return new CocoMetrics(ap, ap50, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, perClass);
    }

    @Test
    void aDetectorsRunShowsCocoStatsPerClassApAndTheApChart() throws Exception {
        int[] boxes = {12, 9, 0};
        var champion = coco(0.30, 0.60, boxes, new double[] {0.40, 0.20, -1}, new double[] {0.7, 0.5, -1});
        var challenger = coco(0.35, 0.65, boxes, new double[] {0.60, 0.10, -1}, new double[] {0.9, 0.4, -1});
        PromotionDecision decision = new PromotionRule(PromotionMetric.AP, 0.005, 0.05).decide(champion, challenger);
        RetrainRecord base = rejected();
        RetrainRecord r = new RetrainRecord(RetrainOutcome.REJECTED, "rejected v3", decision.reasons(), "d", "reg",
                "run", "t0", "t1", 2, 3, 2, base.delta(), base.balance(), base.training(), "test", null, null,
                decision, null, champion, challenger);
        String html = RetrainReportHtml.render(r);

        assertTrue(html.contains("AP check (no class down more than 0.0500)"), "the per-class figure is AP");
        assertTrue(html.contains("data-field=\"classKept\" data-value=\"false\""), "square's AP fell by 0.10");
        assertTrue(html.contains("<tr class=\"bad\" data-class=\"&lt;b&gt;square&lt;/b&gt;\">"), "marked, escaped");
        assertTrue(html.contains("<tr data-metric=\"AP\"><td class=\"l\">AP</td><td data-model=\"champion\""
                + " data-value=\"0.3\">0.3000</td><td data-model=\"challenger\" data-value=\"0.35\">0.3500</td>"),
                "overall AP of both");
        assertTrue(html.contains("<td data-model=\"challenger\" data-ap=\"0.6\">0.6000</td><td>0.9000</td>"
                + "<td>+0.2000</td>"), "circle's AP and AP50, and the AP change");
        assertTrue(html.contains("<td>n/a</td>"), "star has no ground truth: no AP change");
        assertTrue(html.contains("id='chart-ap'") && !html.contains("id='chart-recall'"), "the AP chart only");
        assertTrue(html.contains("21 ground-truth boxes"), html);
        assertTrue(html.contains("training report</a> (loss and AP per epoch") && !html.contains("confusion matrix"),
                "the link says what a detector's training report holds");
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"retrain-data\">(.*?)</script>",
                Pattern.DOTALL).matcher(html);
        assertTrue(m.find());
        JsonNode embedded = JSON.readTree(m.group(1));
        assertEquals(0.35, embedded.path("challengerDetection").path("AP").asDouble());
        assertEquals("AP", embedded.path("decision").path("classFigure").asText());
    }
}
