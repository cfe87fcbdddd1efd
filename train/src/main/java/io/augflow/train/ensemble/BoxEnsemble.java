package io.augflow.train.ensemble;

import io.augflow.train.detect.ScoredBox;
import io.augflow.train.detect.Nms;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A detector ensemble's combination: every member's boxes of one image pooled, then one per-class greedy NMS
 * ({@link Nms}: a box is dropped when it overlaps a higher-scoring kept box of its class by more than the IoU
 * threshold), then the detection cap. NMS rather than weighted box fusion: it keeps each box as one member drew it
 * (a fused box is an average no member predicted) and needs no fitting; its cost is that agreement between members
 * does not raise a box's score.
 */
public record BoxEnsemble(Nms nms) implements Serializable {

    public BoxEnsemble {
        Objects.requireNonNull(nms, "nms");
    }

    /** @param byMember each member's detections of one image, in the image's pixels */
    public List<ScoredBox> merge(List<List<ScoredBox>> byMember) {
        List<ScoredBox> pooled = new ArrayList<>();
        byMember.forEach(pooled::addAll);
        return nms.apply(pooled);
    }
}
