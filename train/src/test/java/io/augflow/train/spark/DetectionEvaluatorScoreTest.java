package io.augflow.train.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.augflow.train.spark.DetectionEvaluator.ImageResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The driver's half of detection evaluation: packed boxes become COCO records and figures. */
class DetectionEvaluatorScoreTest {

    @Test
    void onePerfectAndOneMissedObjectGiveHalfTheRecall() {
        // image a: one object found exactly; image b: one object nobody found; image c: background, one false alarm
        ImageResult a = new ImageResult("a", 96, 96, new float[] {0, 10, 10, 20, 20, 0},
                new float[] {0, 10, 10, 20, 20, 0.9f});
        ImageResult b = new ImageResult("b", 96, 96, new float[] {0, 40, 40, 8, 8, 0}, new float[0]);
        ImageResult c = new ImageResult("c", 96, 96, new float[0], new float[] {0, 0, 0, 30, 30, 0.5f});
        DetectionEvaluator.Outcome o = DetectionEvaluator.score(List.of(a, b, c), List.of("shirt"));
        assertEquals(3, o.groundTruth().images().size());
        assertEquals(2, o.groundTruth().boxes().size());
        assertEquals(2, o.detections().size());
        // ranked: 0.9 true (recall 1/2, precision 1), 0.5 false (precision 1/2); recall never reaches beyond 1/2, so
        // the 101-point precision is 1 at recall 0..0.50 (51 points) and 0 above: AP = 51/101 at every IoU threshold
        assertEquals(51.0 / 101, o.metrics().ap(), 1e-12);
        assertEquals(0.5, o.metrics().ar100(), 1e-12);
    }
}
