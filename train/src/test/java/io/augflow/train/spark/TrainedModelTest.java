package io.augflow.train.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.augflow.augment.DataException;
import io.augflow.train.detect.Anchors;
import io.augflow.train.detect.YoloHead;
import io.augflow.train.model.DetectConf;
import io.augflow.train.model.ModelTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link TrainedModel} reads from a {@code model.json}: a detector's task and head, and older files. */
class TrainedModelTest {
    @TempDir
    Path dir;

    private TrainedModel read(String json) throws Exception {
        Path zip = Files.writeString(dir.resolve(SparkTrainer.MODEL_FILE), "weights");
        Files.writeString(dir.resolve(SparkTrainer.RESULT_FILE), json);
        return TrainedModel.read(zip.toString(), new Configuration());
    }

    /** The head as a checkpoint writes it (head.json, no class loss) and as model.json writes it (with one). */
    @Test
    void aDetectorRecordReadsBackWithOrWithoutItsClassLoss() throws Exception {
        ObjectMapper json = new ObjectMapper();
        double[][] anchors = {{5.5, 7.25}, {20, 12}};
        TrainResult.DetectorRecord headOnly = json.readValue(json.writeValueAsString(
                new TrainResult.DetectorRecord(8, anchors)), TrainResult.DetectorRecord.class);
        assertEquals(8, headOnly.stride());
        assertArrayEquals(anchors, headOnly.anchors());
        TrainResult.DetectorRecord weighted = json.readValue(json.writeValueAsString(
                new TrainResult.DetectorRecord(8, anchors, "cross-entropy", List.of(0.5, 1.5))),
                TrainResult.DetectorRecord.class);
        assertEquals("cross-entropy", weighted.classLoss());
        assertEquals(List.of(0.5, 1.5), weighted.classWeights());
        TrainResult.DetectorRecord old = json.readValue("{\"stride\": 16, \"anchors\": [[4, 4]]}",
                TrainResult.DetectorRecord.class);
        assertEquals(16, old.stride());
        assertEquals(null, old.classWeights(), "written before the class loss was recorded");
    }

    @Test
    void aDetectorsResultAsTrainingWritesItGivesItsHeadAndTask() throws Exception {
        double[][] anchors = {{5.5, 7.25}, {20, 12}, {40.5, 44}};
        TrainResult written = new TrainResult("m/model.zip", "yolo-small", List.of("circle", "square"),
                new int[] {3, 64, 64}, "letterbox", "recorded", "detect", Map.of(), 1, 0, List.of(), null, null,
                Map.of("config", "model { detect { score-threshold = 0.2, nms-iou = 0.6 } }"), null,
                new TrainResult.DetectorRecord(16, anchors));
        TrainedModel model = read(new ObjectMapper().writeValueAsString(written));

        assertTrue(model.isDetector());
        assertEquals(ModelTask.DETECT, model.task());
        YoloHead head = model.head().orElseThrow();
        assertEquals(16, head.stride());
        assertEquals(Anchors.of(new double[] {5.5, 7.25}, new double[] {20, 12}, new double[] {40.5, 44}),
                head.anchors());
        assertArrayEquals(anchors, head.anchors().pixels(), "the pixels as written, smallest area first");
        DetectConf detect = model.detectConf(DetectConf.DEFAULT);
        assertEquals(0.2, detect.scoreThreshold(), 1e-12, "the detect settings it was trained with");
        assertEquals(0.6, detect.nmsIou(), 1e-12);
    }

    @Test
    void anOlderClassifierResultWithoutTaskOrHeadStillReads() throws Exception {
        TrainedModel model = read("{\"architecture\": \"lenet5\", \"classes\": [\"a\", \"b\"],"
                + " \"input\": [1, 28, 28]}");
        assertFalse(model.isDetector());
        assertEquals(ModelTask.CLASSIFY, model.task());
        assertTrue(model.head().isEmpty());
        assertEquals(DetectConf.DEFAULT, model.detectConf(DetectConf.DEFAULT), "no configuration recorded");
        assertEquals("model " + model.modelPath() + " is a classify model, not a detector",
                assertThrows(IllegalStateException.class,
                        () -> model.inference(TrainConf.parse("train { epochs = 1 }"), DetectConf.DEFAULT))
                        .getMessage());
    }

    @Test
    void aClassifierWrittenWithTaskAndANullDetectorReadsAsAClassifier() throws Exception {
        TrainResult written = new TrainResult("m/model.zip", "lenet5", List.of("a", "b"), new int[] {1, 28, 28},
                "resize", "configured", "classify", Map.of(), 1, 0, List.of(), null, null, Map.of());
        TrainedModel model = read(new ObjectMapper().writeValueAsString(written));
        assertEquals(ModelTask.CLASSIFY, model.task());
        assertTrue(model.head().isEmpty());
    }

    @Test
    void aDetectorWithoutItsHeadOrWithABrokenOneIsBadData() throws Exception {
        String noHead = assertThrows(DataException.class, () -> read("{\"architecture\": \"yolo-small\","
                + " \"classes\": [\"a\"], \"input\": [3, 64, 64], \"task\": \"detect\"}")).getMessage();
        assertTrue(noHead.endsWith("model.json is a detector's result without its 'detector' block (stride and"
                + " anchors): its output cannot be decoded"), noHead);
        String broken = assertThrows(DataException.class, () -> read("{\"architecture\": \"yolo-small\","
                + " \"classes\": [\"a\"], \"input\": [3, 64, 64], \"task\": \"detect\","
                + " \"detector\": {\"stride\": 8, \"anchors\": [[4, 4], [7]]}}")).getMessage();
        assertTrue(broken.endsWith("model.json detector.anchors[1] must be a [w, h] pair, got [7]"), broken);
    }
}
