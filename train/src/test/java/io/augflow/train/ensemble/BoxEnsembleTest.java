package io.augflow.train.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.augflow.augment.Box;
import io.augflow.train.detect.ScoredBox;
import io.augflow.train.detect.Nms;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A detector ensemble's box merging on hand-made boxes; the overlaps were worked out by hand. */
class BoxEnsembleTest {

    @Test
    void overlappingBoxesOfOneClassFromTwoMembersKeepTheHigherScoreOnly() {
        // two 10x10 boxes shifted by 1 px: intersection 9x10 = 90, union 110, IoU 0.818 > 0.5
        ScoredBox a = new ScoredBox(new Box(0, 10, 10, 10, 10), 0.6f);
        ScoredBox b = new ScoredBox(new Box(0, 11, 10, 10, 10), 0.9f);
        // a far box of class 0 and a box of class 1 on top of b: neither is suppressed
        ScoredBox far = new ScoredBox(new Box(0, 50, 50, 10, 10), 0.3f);
        ScoredBox otherClass = new ScoredBox(new Box(1, 11, 10, 10, 10), 0.5f);
        List<ScoredBox> merged = new BoxEnsemble(new Nms(0.5, 100)).merge(List.of(List.of(a, far), List.of(b,
                otherClass)));
        assertEquals(List.of(b, otherClass, far), merged, "best first, a suppressed by b");
    }

    @Test
    void boxesOverlappingAtMostTheThresholdAreAllKeptAndTheCapApplies() {
        // 10x10 boxes shifted by 5 px: intersection 50, union 150, IoU 1/3 <= 0.5
        ScoredBox a = new ScoredBox(new Box(0, 0, 0, 10, 10), 0.8f);
        ScoredBox b = new ScoredBox(new Box(0, 5, 0, 10, 10), 0.7f);
        ScoredBox c = new ScoredBox(new Box(0, 30, 0, 10, 10), 0.6f);
        assertEquals(List.of(a, b, c), new BoxEnsemble(new Nms(0.5, 100)).merge(List.of(List.of(a), List.of(b, c))));
        assertEquals(List.of(a, b), new BoxEnsemble(new Nms(0.5, 2)).merge(List.of(List.of(a), List.of(b, c))));
    }
}
