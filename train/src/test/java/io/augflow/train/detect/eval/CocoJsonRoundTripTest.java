package io.augflow.train.detect.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augflow.augment.DataException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Export, read back, evaluate: the same records and the same figures. The exported pair of each fixture is also left
 * in {@code train/target/coco-export/<fixture>/} for pycocotools to score:
 * {@code python3 bench/coco/pycocotools_reference.py --score train/target/coco-export/mixed/gt.json
 * train/target/coco-export/mixed/dets.json} prints the figures of {@code src/test/resources/coco/mixed/expected.json}.
 */
class CocoJsonRoundTripTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"mixed", "small-objects", "gapped-ids"})
    void exportedFilesReadBackToTheSameRecordsAndFigures(String fixture) throws IOException {
        CocoGroundTruthFile original = CocoPycocotoolsCrossCheckTest.readGroundTruth(fixture);
        List<Detection> detections = CocoPycocotoolsCrossCheckTest.readDetections(fixture, original);
        Path folder = Path.of("target", "coco-export", fixture);
        CocoJsonWriter.writeGroundTruth(original.groundTruth(), folder.resolve("gt.json"));
        CocoJsonWriter.writeDetections(original.groundTruth(), detections, folder.resolve("dets.json"));

        CocoGroundTruthFile reread = CocoJsonReader.readGroundTruth(folder.resolve("gt.json"));
        List<Detection> rereadDetections = CocoJsonReader.readDetections(folder.resolve("dets.json"), reread);

        assertEquals(original.groundTruth(), reread.groundTruth());
        assertEquals(detections, rereadDetections);
        CocoMetrics before = CocoEvaluator.evaluate(original.groundTruth(), detections);
        CocoMetrics after = CocoEvaluator.evaluate(reread.groundTruth(), rereadDetections);
        assertArrayEquals(before.stats(), after.stats());
        assertEquals(before, after);
        JsonNode expected = CocoPycocotoolsCrossCheckTest.expected(fixture).get("stats");
        assertEquals(expected.get("AP").doubleValue(), after.ap(), 0.0);
    }

    @Test
    void metricsSerialiseToJsonAndBack() throws IOException {
        CocoGroundTruthFile gt = CocoPycocotoolsCrossCheckTest.readGroundTruth("gapped-ids");
        CocoMetrics metrics = CocoEvaluator.evaluate(gt.groundTruth(),
                CocoPycocotoolsCrossCheckTest.readDetections("gapped-ids", gt));
        String json = JSON.writeValueAsString(metrics);
        assertEquals(metrics, JSON.readValue(json, CocoMetrics.class));
        // the same shape as toMap(): the stats by pycocotools' names, then perClass
        assertEquals(JSON.valueToTree(metrics.toMap()), JSON.readTree(json));
        assertEquals(CocoMetrics.STAT_NAMES.get(3), "APsmall");
        assertEquals(-1.0, JSON.readTree(json).get("perClass").get(3).get("ap").doubleValue()); // "kite": no objects
    }

    @Test
    void augflowSampleIdsBecomeNumberedImagesInSortedOrder() throws IOException {
        CocoGroundTruth gt = CocoGroundTruth.of(
                List.of(new CocoImage("s-b", 640, 480), new CocoImage("s-a", 320, 240), new CocoImage("s-c", 10, 20)),
                List.of("cat", "dog"),
                List.of(GroundTruthBox.of("s-b", 1, 1.5, 2, 30, 40, false), GroundTruthBox.of("s-a", 0, 0, 0, 8, 8,
                        true)));
        List<Detection> detections = List.of(new Detection("s-c", 1, 0.1, 0.2, 3.25, 4, 0.875));

        JsonNode written = JSON.readTree(groundTruthBytes(gt));
        assertEquals(JSON.readTree("""
                {"images": [{"id": 1, "file_name": "s-a", "width": 320, "height": 240},
                            {"id": 2, "file_name": "s-b", "width": 640, "height": 480},
                            {"id": 3, "file_name": "s-c", "width": 10, "height": 20}],
                 "annotations": [
                   {"id": 1, "image_id": 2, "category_id": 2, "bbox": [1.5, 2.0, 30.0, 40.0], "area": 1200.0,
                    "iscrowd": 0},
                   {"id": 2, "image_id": 1, "category_id": 1, "bbox": [0.0, 0.0, 8.0, 8.0], "area": 64.0,
                    "iscrowd": 1}],
                 "categories": [{"id": 1, "name": "cat"}, {"id": 2, "name": "dog"}]}
                """), written);
        JsonNode results = JSON.readTree(detectionBytes(gt, detections));
        assertEquals(JSON.readTree("""
                [{"image_id": 3, "category_id": 2, "bbox": [0.1, 0.2, 3.25, 4.0], "score": 0.875}]
                """), results);

        CocoGroundTruthFile reread = CocoJsonReader.readGroundTruth(new ByteArrayInputStream(groundTruthBytes(gt)),
                "gt.json");
        assertEquals(gt, reread.groundTruth());
        assertEquals(Map.of(1L, "s-a", 2L, "s-b", 3L, "s-c"), reread.imageIds());
        assertEquals(Map.of(1L, 0, 2L, 1), reread.classIds());
        assertEquals(detections, CocoJsonReader.readDetections(new ByteArrayInputStream(detectionBytes(gt,
                detections)), "dets.json", reread));
    }

    @Test
    void writingAFileReplacesItWholeAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        CocoGroundTruth gt = CocoGroundTruth.of(List.of(new CocoImage("a", 1, 1)), List.of("x"), List.of());
        Path file = dir.resolve("out").resolve("gt.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "old content");
        CocoJsonWriter.writeGroundTruth(gt, file);
        assertEquals(gt, CocoJsonReader.readGroundTruth(file).groundTruth());
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of("gt.json"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void exportingADetectionOnAnImageNotInTheGroundTruthIsRefused() {
        CocoGroundTruth gt = CocoGroundTruth.of(List.of(new CocoImage("a", 1, 1)), List.of("x"), List.of());
        DataException e = assertThrows(DataException.class, () -> detectionBytes(gt,
                List.of(new Detection("zz", 0, 0, 0, 1, 1, 0.5))));
        assertTrue(e.getMessage().contains("'zz'"), e.getMessage());
    }

    @Test
    void resultsOfCategoriesTheGroundTruthDoesNotListAreDropped() throws IOException {
        CocoGroundTruthFile gt = read(GT_ONE_IMAGE);
        List<Detection> read = CocoJsonReader.readDetections(stream("""
                [{"image_id": 5, "category_id": 3, "bbox": [0, 0, 10, 10], "score": 0.5},
                 {"image_id": 5, "category_id": 99, "bbox": [0, 0, 10, 10], "score": 0.9}]"""), "dets.json", gt);
        assertEquals(List.of(new Detection("five.png", 0, 0, 0, 10, 10, 0.5)), read);
    }

    @Test
    void brokenFilesAreRefusedNamingTheEntryAndTheRule() {
        assertRefused(GT_ONE_IMAGE.replace("\"id\": 1, \"image_id\"", "\"id\": 0, \"image_id\""),
                "annotations[0]", "annotation id 0 is 0");
        assertRefused(GT_ONE_IMAGE.replace("\"area\": 100, ", ""), "annotations[0]", "'area' is missing");
        assertRefused(GT_ONE_IMAGE.replace("[0, 0, 10, 10]", "[0, 0, -10, 10]"), "annotations[0]", "size must be >= 0");
        assertRefused(GT_ONE_IMAGE.replace("\"image_id\": 5", "\"image_id\": 6"), "annotations[0]",
                "image_id 6 is not in 'images'");
        assertRefused(GT_ONE_IMAGE.replace("\"category_id\": 3", "\"category_id\": 4"), "annotations[0]",
                "category_id 4 is not in 'categories' [3]");
        assertRefused("{\"images\": [", "gt.json", "not valid JSON");
        assertThrows(DataException.class, () -> CocoJsonReader.readGroundTruth(Path.of("no-such-dir", "gt.json")));
        DataException e = assertThrows(DataException.class, () -> CocoJsonReader.readDetections(stream("""
                [{"image_id": 6, "category_id": 3, "bbox": [0, 0, 10, 10], "score": 0.5}]"""), "dets.json",
                read(GT_ONE_IMAGE)));
        assertTrue(e.getMessage().startsWith("dets.json: results[0]: image_id 6 is not in"), e.getMessage());
    }

    private static final String GT_ONE_IMAGE = """
            {"images": [{"id": 5, "file_name": "five.png", "width": 64, "height": 64}],
             "annotations": [{"id": 1, "image_id": 5, "category_id": 3, "bbox": [0, 0, 10, 10], "area": 100, "iscrowd": 0}],
             "categories": [{"id": 3, "name": "cat"}]}""";

    private static void assertRefused(String json, String entry, String rule) {
        DataException e = assertThrows(DataException.class, () -> read(json));
        assertTrue(e.getMessage().startsWith("gt.json: "), e.getMessage());
        assertTrue(e.getMessage().contains(entry) && e.getMessage().contains(rule), e.getMessage());
    }

    private static CocoGroundTruthFile read(String json) throws IOException {
        return CocoJsonReader.readGroundTruth(stream(json), "gt.json");
    }

    private static ByteArrayInputStream stream(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] groundTruthBytes(CocoGroundTruth gt) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CocoJsonWriter.writeGroundTruth(gt, out);
        return out.toByteArray();
    }

    private static byte[] detectionBytes(CocoGroundTruth gt, List<Detection> detections) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CocoJsonWriter.writeDetections(gt, detections, out);
        return out.toByteArray();
    }
}
