package io.augflow.train.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.augflow.augment.Box;
import java.util.List;
import org.junit.jupiter.api.Test;

class NmsTest {
    private static ScoredBox det(int classId, float x, float y, float w, float h, float score) {
        return new ScoredBox(new Box(classId, x, y, w, h), score);
    }

    @Test
    void anOverlappingLowerScoreOfTheSameClassIsSuppressed() {
        ScoredBox a = det(0, 0, 0, 10, 10, 0.9f);
        ScoredBox b = det(0, 1, 0, 10, 10, 0.8f); // IoU 90 / 110 = 0.82
        assertEquals(List.of(a), new Nms(0.5, 100).apply(List.of(b, a)));
    }

    @Test
    void differentClassesNeverSuppressEachOther() {
        ScoredBox a = det(0, 0, 0, 10, 10, 0.9f);
        ScoredBox b = det(1, 0, 0, 10, 10, 0.8f);
        assertEquals(List.of(a, b), new Nms(0.5, 100).apply(List.of(b, a)));
    }

    @Test
    void iouExactlyAtTheThresholdIsKeptJustAboveItIsSuppressed() {
        ScoredBox a = det(0, 0, 0, 10, 10, 0.9f);
        ScoredBox b = det(0, 5, 0, 10, 10, 0.8f); // intersection 50, union 150: IoU 1/3
        assertEquals(1.0 / 3.0, ScoredBox.iou(a.box(), b.box()), 1e-15);
        assertEquals(List.of(a, b), new Nms(1.0 / 3.0, 100).apply(List.of(a, b)));
        assertEquals(List.of(a), new Nms(0.33, 100).apply(List.of(a, b)));
    }

    @Test
    void greedyChainKeepsTheThirdWhenOnlyTheSuppressedOneOverlapsIt() {
        ScoredBox a = det(0, 0, 0, 10, 10, 0.9f);
        ScoredBox b = det(0, 4, 0, 10, 10, 0.8f);  // IoU(a, b) = 60 / 140 = 0.43
        ScoredBox c = det(0, 8, 0, 10, 10, 0.7f);  // IoU(b, c) = 0.43, IoU(a, c) = 20 / 180 = 0.11
        assertEquals(List.of(a, c), new Nms(0.4, 100).apply(List.of(c, b, a)));
    }

    @Test
    void maxDetectionsKeepsTheHighestScoresAcrossClasses() {
        List<ScoredBox> all = List.of(det(0, 0, 0, 5, 5, 0.3f), det(1, 10, 0, 5, 5, 0.9f), det(0, 20, 0, 5, 5, 0.5f),
                det(1, 30, 0, 5, 5, 0.7f), det(0, 40, 0, 5, 5, 0.1f));
        assertEquals(List.of(all.get(1), all.get(3), all.get(2)), new Nms(0.5, 3).apply(all));
        assertEquals(5, Nms.defaults().apply(all).size());
        assertEquals(100, Nms.defaults().maxDetections());
    }

    @Test
    void badSettingsAreRejected() {
        assertEquals("nms IoU threshold must be in [0, 1], got 1.5",
                assertThrows(IllegalArgumentException.class, () -> new Nms(1.5, 10)).getMessage());
        assertEquals("nms max detections per image must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new Nms(0.5, 0)).getMessage());
    }
}
