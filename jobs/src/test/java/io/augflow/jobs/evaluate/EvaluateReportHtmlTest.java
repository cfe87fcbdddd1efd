package io.augflow.jobs.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augflow.train.detect.eval.CocoMetrics;
import io.augflow.train.eval.CalibrationCurve;
import io.augflow.train.eval.ClassificationMetrics;
import io.augflow.train.evaluate.EvaluationCounts;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The evaluation page and record from figures given here: sections, escaping, and the embedded JSON. */
class EvaluateReportHtmlTest {
    private static final List<String> CLASSES = List.of("cat", "<script>alert(1)</script>", "a & \"b\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EvaluationRecord classifier() {
        var metrics = ClassificationMetrics.of(new long[][] {{8, 2, 0}, {1, 9, 0}, {0, 0, 5}}, CLASSES);
        var calibration = new CalibrationCurve.Tally(4).add(0.9, true).add(0.9, false).add(0.3, true).curve();
        var counts = new EvaluationCounts(27, 25, 1, Map.of("UNDECODABLE", 1L), List.of("x (<b>x.png</b>): bad"));
        return new EvaluationRecord("classify", "m/model.zip", "d", "test", "none", "2026-01-01T00:00:00Z", 3.5,
                counts, metrics, calibration, null, null, null);
    }

    @Test
    void aClassifiersPageShowsItsFiguresEscapedWithTheDiagramMatrixAndRecord() throws Exception {
        EvaluationRecord r = classifier();
        String html = EvaluateReportHtml.render(r);
        assertTrue(html.contains("id='" + EvaluateCharts.RELIABILITY_ID + "'"), "the reliability diagram");
        assertTrue(html.contains("id=\"confusion\"") && html.contains("data-actual=\"1\" data-predicted=\"0\""
                + " data-count=\"1\""), "the confusion matrix");
        assertFalse(html.contains("<script>alert(1)</script>"), "a class name never becomes markup");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && html.contains("a &amp; &quot;b&quot;"));
        assertTrue(html.contains("x (&lt;b&gt;x.png&lt;/b&gt;): bad"), "quarantined rows are named, escaped");
        // ECE by hand: bins of .25; .9 twice (1 right) -> |.5 - .9| * 2/3, .3 once (right) -> |1 - .3| * 1/3
        assertTrue(html.contains("data-path=\"calibration.ece\" data-value=\"" + r.calibration().ece() + "\""));
        assertEquals((0.4 * 2 + 0.7) / 3, r.calibration().ece(), 1e-12);
        assertTrue(html.contains("data-path=\"counts.unlabelled\" data-value=\"1.0\""));

        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"evaluate-data\">(.*?)</script>",
                Pattern.DOTALL).matcher(html);
        assertTrue(m.find());
        assertFalse(m.group(1).contains("<"), "nothing can close the script element early");
        JsonNode embedded = JSON.readTree(m.group(1));
        assertEquals(JSON.readTree(r.toJson()), embedded);
        assertEquals(1, embedded.path("counts").path("quarantined").asLong());
        assertFalse(embedded.has("detection"), "the parts of the other task are left out");
        assertTrue(r.summary().startsWith("evaluate (classify) split 'test': accuracy 0.8800"), r.summary());
    }

    @Test
    void aDetectorsPageHasTheCocoStatsApTableChartAndFileLinks() {
        List<CocoMetrics.ClassMetrics> perClass = List.of(
                new CocoMetrics.ClassMetrics(0, "cat", 4, 0.5, 0.75, 0.8, List.of()),
                new CocoMetrics.ClassMetrics(1, CLASSES.get(1), 0, -1, -1, -1, List.of()));
        CocoMetrics coco = new CocoMetrics(0.5, 0.75, 0.4, -1, 0.5, -1, 0.2, 0.6, 0.6, -1, 0.6, -1, perClass);
        EvaluationRecord r = new EvaluationRecord("detect", "m", "d", "val", "flip", "t", 1, new EvaluationCounts(3, 3,
                0, Map.of(), List.of()), null, null, coco.toMap(), EvaluateJob.COCO_INSTANCES,
                EvaluateJob.COCO_RESULTS);
        String html = EvaluateReportHtml.render(r);
        assertEquals(12, Pattern.compile("data-path=\"detection\\.(AP|AR)\\w*\"").matcher(html).results().count());
        assertTrue(html.contains("data-path=\"detection.perClass.0.ap50\" data-value=\"0.75\""));
        assertTrue(html.contains("id='" + EvaluateCharts.AP_ID + "'"));
        assertTrue(html.contains("href=\"coco_instances.json\"") && html.contains("href=\"coco_results.json\""));
        assertFalse(html.contains("id=\"confusion\"") || html.contains(EvaluateCharts.RELIABILITY_ID));
        assertTrue(r.summary().contains("AP 0.5000, AP50 0.7500, AP_small -1.0000"), r.summary());
    }
}
