package io.augflow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augflow.jobs.faults.Console;
import io.augflow.train.detect.eval.CocoEvaluator;
import io.augflow.train.detect.eval.CocoGroundTruthFile;
import io.augflow.train.detect.eval.CocoJsonReader;
import io.augflow.train.detect.eval.CocoMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, {@code bin/augflow demo}, end to end on fewer images and epochs, with its work folder
 * given as a relative path as the default {@code work/} is: every step runs and leaves its output, and the model
 * trained is a detector whose test figures and COCO JSON pair agree with each other and with the generated data.
 */
class DemoCommandTest {
    private static final int EPOCHS = 3;

    @TempDir
    static Path dir;

    @AfterAll
    static void stop() {
        SparkSession.active().stop();
    }

    @Test
    void theDemoTrainsADetectorFromARelativeWorkFolderAndPrintsItsAp() throws IOException {
        String work = Path.of("").toAbsolutePath().relativize(dir.resolve("work")).toString();
        Console run = Console.capture(() -> AugflowCli.run("demo", "--master", "local[2]", "--work-dir", work,
                "--images", "400", "--set", "augflow.train.epochs=" + EPOCHS));
        assertEquals(0, run.exitCode(), run.err());

        Path out = dir.resolve("work");
        assertTrue(run.out().contains("demo: done. Outputs in " + out), run.out());
        assertTrue(Files.exists(out.resolve("dataset/_classes.json")), "ingested");
        assertTrue(Files.exists(out.resolve("report/report.html")), "balancing report");
        assertTrue(Files.size(out.resolve("preview.png")) > 0, "preview");
        assertTrue(Files.exists(out.resolve("model/model.zip")));

        JsonNode model = new ObjectMapper().readTree(out.resolve("model/model.json").toFile());
        assertEquals("detect", model.path("task").asText(), "the demo's YOLO data trains a detector");
        assertEquals("yolo-small", model.path("architecture").asText());
        assertEquals(EPOCHS, model.path("history").size(), "every planned epoch trained");
        assertTrue(model.path("detector").path("anchors").size() >= 1, "anchors recorded: " + model.path("detector"));
        JsonNode test = model.path("testDetection");
        assertTrue(test.isObject(), "COCO figures of the test split: " + model);
        double ap = test.path("AP").asDouble(-2);
        double ap50 = test.path("AP50").asDouble(-2);
        assertTrue(ap >= 0 && ap <= ap50 && ap50 <= 1, "AP " + ap + ", AP50 " + ap50);

        // the COCO pair parses, holds every generated test image, and scores what model.json says
        Path coco = out.resolve("model/coco");
        CocoGroundTruthFile truth = CocoJsonReader.readGroundTruth(coco.resolve("test-ground-truth.json"));
        CocoMetrics again = CocoEvaluator.evaluate(truth.groundTruth(),
                CocoJsonReader.readDetections(coco.resolve("test-detections.json"), truth));
        assertEquals(ap, again.ap(), 1e-9);
        assertEquals(ap50, again.ap50(), 1e-9);
        try (Stream<Path> images = Files.list(out.resolve("landing-yolo/images/test"))) {
            assertEquals(images.count(), truth.groundTruth().images().size(), "one COCO image per test image");
        }

        // the closing lines repeat the figures and say where the pair is
        assertTrue(run.out().contains(String.format(Locale.ROOT, "demo: detector on the test split: AP %.4f, AP50 %.4f,"
                + " AP_small %.4f", ap, ap50, test.path("APsmall").asDouble())), run.out());
        assertTrue(run.out().contains(coco.resolve("test-ground-truth.json").toString()), run.out());
        assertTrue(run.out().contains(coco.resolve("test-detections.json").toString()), run.out());
    }
}
