package io.augflow.jobs.trainreport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.train.detect.eval.CocoMetrics;
import io.augflow.train.detect.eval.CocoMetrics.ClassMetrics;
import io.augflow.train.spark.EpochRecord;
import io.augflow.train.spark.TrainResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The detection page's figures, from a hand-made {@link TrainResult}; the test images are in
 * {@link TrainingReportImagesTest}.
 */
class TrainingReportDetectionTest {
    /** precision 1 up to recall .60, 0.5 up to recall .80, 0 beyond (the recall reached). */
    private static List<Double> curve() {
        List<Double> p = new ArrayList<>(Collections.nCopies(101, 0.0));
        for (int r = 0; r <= 80; r++) {
            p.set(r, r <= 60 ? 1.0 : 0.5);
        }
        return p;
    }

    static CocoMetrics metrics(double ap) {
        List<ClassMetrics> classes = List.of(
                new ClassMetrics(0, "<i>kite</i>", 3, 0.1234, 0.25, 0.3333, curve()),
                new ClassMetrics(1, "person", 40, 0.4567, 0.789, 0.85, curve()),
                new ClassMetrics(2, "boat", 0, -1, -1, -1, Collections.nCopies(101, -1.0)));
        return new CocoMetrics(ap, 0.6125, 0.2875, -1, 0.3012, 0.5549, 0.21, 0.42, 0.47, -1, 0.3876, 0.6054,
                classes);
    }

    static TrainResult result(Map<String, Object> provenance) {
        List<EpochRecord> history = List.of(
                new EpochRecord(0, 200, 200, 2, 3.5, 10, 20, null, metrics(0.1111)),
                new EpochRecord(1, 200, 200, 2, 2.25, 10, 20, null, metrics(0.2222)));
        return new TrainResult("/m/model.zip", "yolo-small", List.of("<i>kite</i>", "person", "boat"),
                new int[] {3, 320, 416}, "letterbox", "3x320x416 (letterbox)", "detect", Map.of(), 2, 0, history, null,
                null, provenance, metrics(0.3456),
                new TrainResult.DetectorRecord(32, new double[][] {{10, 13}, {33.25, 23.5}}));
    }

    @Test
    void thePageShowsTheDetectorsFigures() {
        String html = TrainingReport.render(result(Map.of("dataset", "/d", "configHash", "abc")));
        // one chart per picture: loss, AP per epoch, sizes, per class, and a curve per class with ground truths
        for (String id : List.of("chart-loss", "chart-ap", "chart-size-buckets", "chart-per-class-ap", "chart-pr-0",
                "chart-pr-1")) {
            assertTrue(hasId(html, id), id);
        }
        assertFalse(hasId(html, "chart-pr-2"), "boat has no ground truth, so no curve");
        assertTrue(html.contains("No ground truth in the test split, no curve: boat"));
        assertEquals(6, count(html, "<svg"));
        assertFalse(html.contains("id=\"confusion\""), "no classification section");

        // per class: most ground truths first, names escaped, 3 decimals as pycocotools prints, n/a for -1
        Matcher rows = Pattern.compile("<tr data-class=\"(\\d)\"[^>]*><td class=\"l\">([^<]*)</td><td>(\\d+)</td>"
                + "<td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>").matcher(html);
        List<String> seen = new ArrayList<>();
        while (rows.find()) {
            seen.add(String.join("|", rows.group(2), rows.group(3), rows.group(4), rows.group(5), rows.group(6)));
        }
        assertEquals(List.of("person|40|0.457|0.789|0.850", "&lt;i&gt;kite&lt;/i&gt;|3|0.123|0.250|0.333",
                "boat|0|n/a|n/a|n/a"), seen);
        assertFalse(html.contains("<i>kite</i>"));

        // size buckets: small has no objects in the test split
        assertTrue(html.contains("<tr data-bucket=\"small\"><th class=\"l\">small</th><td data-value=\"-1.0\">n/a</td>"
                + "<td data-value=\"-1.0\">n/a</td></tr>"), "small bucket n/a");
        assertTrue(html.contains("<tr data-bucket=\"medium\"><th class=\"l\">medium</th><td data-value=\"0.3012\">"
                + "0.301</td><td data-value=\"0.3876\">0.388</td></tr>"));
        assertFalse(html.contains(">-1.000<") || html.contains(">-1<"), "-1 is never printed");

        // summary: the head and the test figures
        assertTrue(html.contains("<td>32</td>"), "stride");
        assertTrue(html.contains("10.0 x 13.0, 33.3 x 23.5"), "anchors, 1 decimal (33.25 rounds half up)");
        assertTrue(html.contains("13 x 10 cells of the 416 x 320 input"), "grid 416/32 x 320/32");
        assertTrue(html.contains("<tr data-field=\"AP\" data-value=\"0.3456\"><th class=\"l\">test AP (IoU .50:.95)"
                + "</th><td>0.346</td></tr>"));
        assertTrue(html.contains("<tr data-field=\"APsmall\" data-value=\"-1.0\"><th class=\"l\">test AP small</th>"
                + "<td>n/a</td></tr>"));

        // history: validation AP per epoch
        assertTrue(html.contains("<td>2.2500</td><td>0.222</td><td>0.613</td><td>n/a</td>"), "epoch 2's row");
        assertTrue(html.contains("No test images drawn"), "rendered without a dataset");
    }

    @Test
    void aRunWithoutATestSplitStillRenders() {
        TrainResult r = result(Map.of("dataset", "/d"));
        TrainResult untested = new TrainResult(r.model(), r.architecture(), r.classes(), r.input(), r.resize(),
                r.inputChoice(), r.task(), r.backgroundExcluded(), r.epochs(), 0, r.history(), null, null,
                r.provenance(), null, r.detector());
        String html = TrainingReport.render(untested);
        assertTrue(html.contains("not evaluated"));
        assertTrue(hasId(html, "chart-ap"));
        assertFalse(html.contains("id=\"per-class\""));
    }

    /** JFreeSVG writes its element's id in single quotes, the page's own elements in double. */
    private static boolean hasId(String html, String id) {
        return html.contains("id=\"" + id + "\"") || html.contains("id='" + id + "'");
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
