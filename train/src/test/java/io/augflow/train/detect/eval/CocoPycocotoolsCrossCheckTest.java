package io.augflow.train.detect.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The evaluator against pycocotools 2.0.11 itself: each fixture in {@code src/test/resources/coco/<name>/} holds a
 * ground truth ({@code gt.json}), detections ({@code dets.json}) and what {@code COCOeval} (iouType 'bbox', default
 * parameters) reported for them ({@code expected.json}): the 12 stats, and per category AP, AP50, recall and the
 * 101-point precision at IoU .5.
 *
 * <p>Regenerate the fixtures from the repository root with {@code python3 bench/coco/pycocotools_reference.py}
 * (seeded: the same files come out again). "mixed": 20 images, objects of all sizes; "small-objects": mostly under
 * 32x32; "gapped-ids": category ids 2, 5, 7, 9 with 9 only ever detected (AP -1), image ids and file names in
 * different orders. All have crowd regions, areas that differ from w*h, boxes of exactly 32x32 and 96x96, tied scores,
 * detections on images without objects and one image with more than 100 detections.
 *
 * <p>The figures are asserted equal to the last bit (tolerance 0): thresholds, IoU, matching, the cumulative sums and
 * numpy's pairwise mean are all reproduced in the same floating-point order.
 */
class CocoPycocotoolsCrossCheckTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"mixed", "small-objects", "gapped-ids"})
    void statsEqualPycocotools(String fixture) throws IOException {
        CocoGroundTruthFile gt = readGroundTruth(fixture);
        CocoMetrics metrics = CocoEvaluator.evaluate(gt.groundTruth(), readDetections(fixture, gt));
        JsonNode expected = expected(fixture).get("stats");

        double[] stats = metrics.stats();
        for (int i = 0; i < stats.length; i++) {
            String name = CocoMetrics.STAT_NAMES.get(i);
            assertEquals(expected.get(name).doubleValue(), stats[i], 0.0, fixture + " " + name);
        }
        assertTrue(metrics.ap() > 0.1 && metrics.ap() < 0.9, fixture + ": a fixture should be neither trivial nor hopeless");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mixed", "small-objects", "gapped-ids"})
    void perClassFiguresEqualPycocotools(String fixture) throws IOException {
        CocoGroundTruthFile gt = readGroundTruth(fixture);
        CocoMetrics metrics = CocoEvaluator.evaluate(gt.groundTruth(), readDetections(fixture, gt));
        JsonNode expected = expected(fixture).get("perClass");

        assertEquals(expected.size(), metrics.perClass().size(), fixture);
        for (int k = 0; k < expected.size(); k++) {
            JsonNode e = expected.get(k);
            CocoMetrics.ClassMetrics actual = metrics.perClass(k);
            String what = fixture + " category " + e.get("categoryId");
            assertEquals(k, gt.classIds().get(e.get("categoryId").longValue()), what);
            assertEquals(e.get("name").textValue(), actual.name(), what);
            assertEquals(e.get("ap").doubleValue(), actual.ap(), 0.0, what + " AP");
            assertEquals(e.get("ap50").doubleValue(), actual.ap50(), 0.0, what + " AP50");
            assertEquals(e.get("recall50").doubleValue(), actual.recall50(), 0.0, what + " recall50");
            List<Double> curve = actual.precision50();
            assertEquals(101, curve.size());
            for (int r = 0; r < 101; r++) {
                assertEquals(e.get("precision50").get(r).doubleValue(), curve.get(r), 0.0, what + " precision50[" + r + "]");
            }
        }
    }

    static CocoGroundTruthFile readGroundTruth(String fixture) throws IOException {
        try (InputStream in = resource(fixture, "gt.json")) {
            return CocoJsonReader.readGroundTruth(in, fixture + "/gt.json");
        }
    }

    static List<Detection> readDetections(String fixture, CocoGroundTruthFile gt) throws IOException {
        try (InputStream in = resource(fixture, "dets.json")) {
            return CocoJsonReader.readDetections(in, fixture + "/dets.json", gt);
        }
    }

    static JsonNode expected(String fixture) throws IOException {
        try (InputStream in = resource(fixture, "expected.json")) {
            return JSON.readTree(in);
        }
    }

    private static InputStream resource(String fixture, String file) {
        InputStream in = CocoPycocotoolsCrossCheckTest.class.getResourceAsStream("/coco/" + fixture + "/" + file);
        if (in == null) {
            throw new IllegalStateException("test resource coco/" + fixture + "/" + file + " is missing");
        }
        return in;
    }
}
