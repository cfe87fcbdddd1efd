package io.augflow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.augflow.train.predict.DecodingOverride;
import io.augflow.train.predict.PredictConf;
import io.augflow.train.predict.TestTimeAugmentation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code augflow predict}'s settings: the {@code augflow.predict} block is read, each flag beats it, and a bad
 * value names its full key. Only the command line is parsed and resolved (no Spark, no model).
 */
class PredictConfResolutionTest {
    @TempDir
    Path dir;

    private static PredictConf resolve(String... args) {
        List<String> all = new ArrayList<>(List.of("-m", "model", "-i", "input", "-o", "output"));
        all.addAll(List.of(args));
        PredictCommand command = new PredictCommand();
        new CommandLine(command).parseArgs(all.toArray(String[]::new));
        return command.predictConf(command.resolveConf());
    }

    private Path confFile(String predictBlock) throws IOException {
        Path file = dir.resolve("predict.conf");
        Files.writeString(file, "augflow.predict {\n" + predictBlock + "\n}\n");
        return file;
    }

    @Test
    void thePackagedDefaultsPredictAsBeforeTheBlockExisted() {
        // 64 = augflow.train.batch-size-per-worker of conf/augflow.conf, 50,000,000 = augflow.ingest.max-pixels
        PredictConf expected = new PredictConf(TestTimeAugmentation.NONE, 5, false, 64, 50_000_000L, 0, false,
                Duration.ofMinutes(120), DecodingOverride.NONE);
        assertEquals(expected, resolve());
    }

    @Test
    void theBlocksValuesAreUsed() throws IOException {
        Path file = confFile("batch-size = 32, top-k = 3, tta = flip, format = coco, timeout = 5 minutes,"
                + " score-threshold = 0.3, nms-iou = 0.6, max-detections = 20");
        PredictConf expected = new PredictConf(TestTimeAugmentation.FLIP, 3, true, 32, 50_000_000L, 0, false,
                Duration.ofMinutes(5), new DecodingOverride(0.3, 0.6, 20));
        assertEquals(expected, resolve("--conf", file.toString()));
    }

    @Test
    void eachFlagBeatsTheBlockAndSet() throws IOException {
        Path file = confFile("batch-size = 32, top-k = 3, tta = flip, format = coco, timeout = 5 minutes,"
                + " score-threshold = 0.3, nms-iou = 0.6, max-detections = 20");
        PredictConf got = resolve("--conf", file.toString(), "--set", "augflow.predict.top-k=4",
                "--batch-size", "128", "--top-k", "2", "--tta", "none", "--format", "parquet",
                "--timeout-minutes", "0.5", "--score-threshold", "0.1", "--nms-iou", "0.4", "--max-detections", "7",
                "--overwrite");
        PredictConf expected = new PredictConf(TestTimeAugmentation.NONE, 2, false, 128, 50_000_000L, 0, true,
                Duration.ofSeconds(30), new DecodingOverride(0.1, 0.4, 7));
        assertEquals(expected, got);
    }

    @Test
    void batchSizeZeroTakesTheTrainingBatch() {
        assertEquals(48, resolve("--set", "augflow.train.batch-size-per-worker=48").batchSize());
        assertEquals(16, resolve("--set", "augflow.train.batch-size-per-worker=48", "--batch-size", "16")
                .batchSize());
    }

    @Test
    void aBadValueNamesTheFullKeyTheValueAndTheRule() {
        assertMessage("augflow.predict.top-k (--top-k) must be >= 1, got 0", "--top-k", "0");
        assertMessage("augflow.predict.top-k (--top-k) must be >= 1, got 0", "--set", "augflow.predict.top-k=0");
        assertMessage("augflow.predict.batch-size must be >= 0 (0 = augflow.train.batch-size-per-worker), got -1",
                "--batch-size", "-1");
        assertMessage("augflow.predict.format must be parquet or coco, got \"json\"", "--format", "json");
        assertMessage("augflow.predict.tta must be one of [none, flip], got \"mirror\"", "--tta", "mirror");
        assertMessage("augflow.predict.score-threshold must be in [0, 1), got 1.0", "--score-threshold", "1");
        assertMessage("augflow.predict.nms-iou must be in (0, 1], got 0.0", "--nms-iou", "0");
        assertMessage("augflow.predict.max-detections must be in [1, 1000] (or 0: the model's), got 1001",
                "--max-detections", "1001");
        assertMessage("augflow.predict.timeout must be > 0, got PT0S", "--timeout-minutes", "0");
        assertMessage("augflow.predict.topk is not a known key (known: [batch-size, top-k, tta, format, timeout,"
                + " score-threshold, nms-iou, max-detections, logit-adjustment])", "--set", "augflow.predict.topk=3");
    }

    private static void assertMessage(String expected, String... args) {
        var e = assertThrows(IllegalArgumentException.class, () -> resolve(args));
        assertEquals(expected, e.getMessage());
    }
}
