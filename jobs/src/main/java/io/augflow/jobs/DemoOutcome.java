package io.augflow.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augflow.augment.DataException;
import io.augflow.train.spark.SparkTrainer;
import io.augflow.train.spark.TrainingOutputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The demo's closing lines: the test figures of the model the demo trained, read back from its {@code model.json}
 * (a detector's {@code testDetection}, a classifier's {@code test}), and where a detector's COCO JSON pair is.
 */
final class DemoOutcome {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoOutcome() {
    }

    /** The lines to print for the model trained into {@code modelDir}, whose test split is {@code testSplit}. */
    static List<String> lines(Path modelDir, String testSplit) {
        Path file = modelDir.resolve(SparkTrainer.RESULT_FILE);
        JsonNode model;
        try {
            model = JSON.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DataException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        JsonNode detection = model.path("testDetection");
        if (detection.isObject()) {
            Path coco = modelDir.resolve(TrainingOutputs.COCO_DIR);
            Path truth = coco.resolve(testSplit + "-ground-truth.json");
            Path detections = coco.resolve(testSplit + "-detections.json");
            return List.of(
                    String.format(Locale.ROOT, "demo: detector on the %s split: AP %.4f, AP50 %.4f, AP_small %.4f"
                                    + " (COCO AP@[.50:.05:.95]; -1 = no such objects)", testSplit,
                            detection.path("AP").asDouble(), detection.path("AP50").asDouble(),
                            detection.path("APsmall").asDouble()),
                    "demo: COCO JSON of the " + testSplit + " split: " + truth.toAbsolutePath().normalize()
                            + (Files.exists(detections) ? "" : " (missing)"),
                    "      and " + detections.toAbsolutePath().normalize() + " (pycocotools rescores them:"
                            + " python3 bench/coco/pycocotools_reference.py --score GT DETS)");
        }
        JsonNode test = model.path("test");
        if (test.isObject()) {
            return List.of(String.format(Locale.ROOT, "demo: classifier on the %s split: accuracy %.4f, macro-F1 %.4f",
                    testSplit, test.path("accuracy").asDouble(), test.path("macroF1").asDouble()));
        }
        return List.of("demo: no test figures in " + file + " (augflow.train.test-split = \"" + testSplit + "\")");
    }
}
