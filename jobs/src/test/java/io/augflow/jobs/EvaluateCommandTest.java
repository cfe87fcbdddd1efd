package io.augflow.jobs;

import io.augflow.jobs.testing.HeadlessChromium;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augflow.jobs.evaluate.EvaluateJob;
import io.augflow.jobs.faults.Console;
import io.augflow.pipeline.dataset.DatasetMetadata;
import io.augflow.train.detect.eval.CocoEvaluator;
import io.augflow.train.detect.eval.CocoGroundTruthFile;
import io.augflow.train.detect.eval.CocoJsonReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code augflow evaluate} end to end on generated data: a classifier's figures recomputed here from {@code predict}'s
 * output and the dataset's own labels (confusion matrix and ECE by hand), a quarantined row, the page in headless
 * Chromium, and a detector's COCO files re-read and re-scored.
 */
class EvaluateCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static SparkSession spark;
    static String dataset;
    static String classifier;
    static String detector;

    @BeforeAll
    static void trainTwoTinyModels() {
        spark = TinyModels.spark();
        dataset = TinyModels.shapes(spark, dir, 48, 0.1, 0.15);
        classifier = TinyModels.train(spark, TinyModels.CLASSIFIER, 5, dataset, dir.resolve("classifier").toString());
        detector = TinyModels.train(spark, TinyModels.DETECTOR, 5, dataset, dir.resolve("detector").toString());
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Console run(String... args) {
        return TinyModels.cli(args);
    }

    /** The class a classifier is scored against: the label, else the largest box's (first of equal), else none. */
    private static Integer target(Row r) {
        if (!r.isNullAt(r.fieldIndex("label"))) {
            return r.getInt(r.fieldIndex("label"));
        }
        Integer best = null;
        float area = -1;
        for (Row o : r.<Row>getList(r.fieldIndex("objects"))) {
            float a = o.getFloat(3) * o.getFloat(4);
            if (a > area) {
                area = a;
                best = o.getInt(0);
            }
        }
        return best;
    }

    @Test
    void aClassifiersMetricsAndCalibrationAreThoseOfItsPredictionsAgainstTheLabels() throws Exception {
        String predictions = dir.resolve("cls-predictions").toString();
        assertEquals(0, run("predict", "-m", classifier, "-i", dataset, "-o", predictions).exitCode());
        String out = dir.resolve("cls-eval").toString();
        Console c = run("evaluate", "-m", classifier, "-d", dataset, "--split", "test", "-o", out,
                "--calibration-bins", "10");
        assertEquals(0, c.exitCode(), c.describe());

        // expected, by hand: predict's top class and score per row, the dataset's labels, 10 bins (b/10, (b+1)/10]
        Map<String, Row> predicted = new HashMap<>();
        spark.read().parquet(predictions).collectAsList().forEach(r -> predicted.put(r.getString(0), r));
        List<Row> test = spark.read().parquet(dataset).filter("split = 'test'").collectAsList();
        assertFalse(test.isEmpty(), "the generated dataset has a test split");
        long[][] confusion = new long[2][2];
        double[] confidenceSum = new double[10];
        long[] inBin = new long[10];
        long[] rightInBin = new long[10];
        long unlabelled = 0;
        for (Row r : test) {
            Integer actual = target(r);
            if (actual == null) {
                unlabelled++;
                continue;
            }
            Row p = predicted.get(r.getString(r.fieldIndex("id")));
            int guess = p.getInt(p.fieldIndex("predicted_index"));
            double score = p.getFloat(p.fieldIndex("score"));
            confusion[actual][guess]++;
            for (int b = 0; b < 10; b++) {
                if ((score > b / 10.0 || b == 0) && score <= (b + 1) / 10.0) {
                    inBin[b]++;
                    confidenceSum[b] += score;
                    rightInBin[b] += actual == guess ? 1 : 0;
                }
            }
        }
        long n = Arrays.stream(inBin).sum();
        double ece = 0;
        for (int b = 0; b < 10; b++) {
            if (inBin[b] > 0) {
                ece += Math.abs((double) rightInBin[b] / inBin[b] - confidenceSum[b] / inBin[b]) * inBin[b] / n;
            }
        }

        JsonNode m = JSON.readTree(Path.of(out, EvaluateJob.JSON_FILE).toFile());
        assertEquals("classify", m.path("task").asText());
        assertEquals(test.size(), m.path("counts").path("rowsIn").asLong());
        assertEquals(unlabelled, m.path("counts").path("unlabelled").asLong());
        assertEquals(n, m.path("counts").path("evaluated").asLong());
        assertEquals(0, m.path("counts").path("quarantined").asLong());
        for (int a = 0; a < 2; a++) {
            for (int p = 0; p < 2; p++) {
                assertEquals(confusion[a][p], m.path("classification").path("confusion").get(a).get(p).asLong(),
                        "confusion[" + a + "][" + p + "]");
            }
        }
        assertEquals((double) (confusion[0][0] + confusion[1][1]) / n, m.path("classification").path("accuracy")
                .asDouble(), 1e-12);
        double recall0 = (double) confusion[0][0] / (confusion[0][0] + confusion[0][1]);
        double recall1 = (double) confusion[1][1] / (confusion[1][0] + confusion[1][1]);
        assertEquals((recall0 + recall1) / 2, m.path("classification").path("balancedAccuracy").asDouble(), 1e-12);
        assertEquals(ece, m.path("calibration").path("ece").asDouble(), 1e-6);
        assertEquals(10, m.path("calibration").path("bins").size());
        for (int b = 0; b < 10; b++) {
            assertEquals(inBin[b], m.path("calibration").path("bins").get(b).path("count").asLong(), "bin " + b);
        }
        assertTrue(c.out().contains(test.size() + " rows in, " + n + " evaluated, 0 quarantined"), c.out());

        // the page: every figure equals the embedded record, charts drawn, no script error
        Path html = Path.of(out, EvaluateJob.HTML_FILE);
        String page = Files.readString(html);
        assertTrue(page.contains("id='chart-reliability'") && page.contains("id=\"confusion\""), "diagram and matrix");
        String dom = HeadlessChromium.dumpDom(dir, html);
        assertTrue(dom.contains("<div id=\"check\" data-check=\"ok\">ok</div>"), "page check: "
                + dom.substring(Math.max(0, dom.indexOf("<div id=\"check\"")), Math.min(dom.length(),
                        dom.indexOf("<div id=\"check\"") + 600)));
        assertTrue(dom.contains("<div id=\"errors\"></div>"), "no script error");

        // an existing output is refused (usage), a split that does not exist is a usage error
        Console again = run("evaluate", "-m", classifier, "-d", dataset, "-o", out);
        assertEquals(ExitCodes.USAGE, again.exitCode(), again.describe());
        Console badSplit = run("evaluate", "-m", classifier, "-d", dataset, "--split", "holdout", "-o",
                dir.resolve("never").toString());
        assertEquals(ExitCodes.USAGE, badSplit.exitCode(), badSplit.describe());
        assertTrue(badSplit.err().contains("--split must be one of [train, val, test], got \"holdout\""),
                badSplit.err());
    }

    @Test
    void aRowWhoseImageDoesNotDecodeIsQuarantinedAndCountedNotScored() throws Exception {
        List<Row> rows = spark.read().parquet(dataset).collectAsList();
        String broken = rows.stream().filter(r -> r.getString(r.fieldIndex("split")).equals("test"))
                .filter(r -> target(r) != null).map(r -> r.getString(0)).sorted().findFirst().orElseThrow();
        List<Row> changed = new ArrayList<>();
        int image = rows.get(0).fieldIndex("image");
        for (Row r : rows) {
            Object[] values = new Object[r.size()];
            for (int i = 0; i < r.size(); i++) {
                values[i] = r.get(i);
            }
            if (r.getString(0).equals(broken)) {
                byte[] png = (byte[]) values[image];
                values[image] = Arrays.copyOf(png, 40); // the header survives, the pixels do not
            }
            changed.add(RowFactory.create(values));
        }
        String corrupt = dir.resolve("shapes-corrupt").toString();
        spark.createDataFrame(changed, spark.read().parquet(dataset).schema()).write().parquet(corrupt);
        DatasetMetadata.read(dataset, spark.sparkContext().hadoopConfiguration())
                .write(corrupt, spark.sparkContext().hadoopConfiguration());

        String clean = dir.resolve("clean-eval").toString();
        String out = dir.resolve("corrupt-eval").toString();
        assertEquals(0, run("evaluate", "-m", classifier + "/model.zip", "-d", dataset, "-o", clean).exitCode());
        Console c = run("evaluate", "-m", classifier, "-d", corrupt, "-o", out);
        assertEquals(0, c.exitCode(), c.describe());
        JsonNode before = JSON.readTree(Path.of(clean, EvaluateJob.JSON_FILE).toFile()).path("counts");
        JsonNode after = JSON.readTree(Path.of(out, EvaluateJob.JSON_FILE).toFile()).path("counts");
        assertEquals(before.path("rowsIn").asLong(), after.path("rowsIn").asLong());
        assertEquals(before.path("evaluated").asLong() - 1, after.path("evaluated").asLong());
        assertEquals(1, after.path("quarantinedByReason").path("UNDECODABLE").asLong());
        assertTrue(after.path("quarantinedExamples").get(0).asText().startsWith(broken + " ("), after.toString());
    }

    @Test
    void aDetectorsCocoFilesHoldTheSplitAndRescoreToTheReportedMetrics() throws Exception {
        String out = dir.resolve("det-eval").toString();
        Console c = run("evaluate", "-m", detector, "-d", dataset, "--split", "test", "-o", out);
        assertEquals(0, c.exitCode(), c.describe());

        List<Row> test = spark.read().parquet(dataset).filter("split = 'test'").collectAsList();
        long boxes = test.stream().mapToLong(r -> r.getList(r.fieldIndex("objects")).size()).sum();
        CocoGroundTruthFile truth = CocoJsonReader.readGroundTruth(Path.of(out, EvaluateJob.COCO_INSTANCES));
        assertEquals(test.size(), truth.groundTruth().images().size(), "every test image, background included");
        assertEquals(boxes, truth.groundTruth().boxes().size());
        var detections = CocoJsonReader.readDetections(Path.of(out, EvaluateJob.COCO_RESULTS), truth);
        var rescored = CocoEvaluator.evaluate(truth.groundTruth(), detections);

        JsonNode m = JSON.readTree(Path.of(out, EvaluateJob.JSON_FILE).toFile());
        assertEquals("detect", m.path("task").asText());
        assertEquals(rescored.ap(), m.path("detection").path("AP").asDouble(), 1e-6);
        assertEquals(rescored.ap50(), m.path("detection").path("AP50").asDouble(), 1e-6);
        assertEquals(test.size(), m.path("counts").path("evaluated").asLong());
        assertEquals(2, m.path("detection").path("perClass").size());
        assertTrue(c.out().contains("coco:"), c.out());

        Path html = Path.of(out, EvaluateJob.HTML_FILE);
        assertTrue(Files.readString(html).contains("id='chart-ap'"), "the AP chart");
        String dom = HeadlessChromium.dumpDom(dir, html);
        assertTrue(dom.contains("<div id=\"check\" data-check=\"ok\">ok</div>"), "page check failed");
        assertTrue(dom.contains("<div id=\"errors\"></div>"), "no script error");
    }
}
