package io.augflow.train.evaluate;

import io.augflow.train.detect.eval.CocoGroundTruth;
import io.augflow.train.detect.eval.CocoMetrics;
import io.augflow.train.detect.eval.Detection;
import java.util.List;
import java.util.Objects;

/**
 * A detector on a split: COCO's metrics, and the ground truth and detections they were computed from (for the COCO
 * JSON exports), in the original images' pixels.
 */
public record DetectorEvaluation(CocoMetrics metrics, CocoGroundTruth groundTruth, List<Detection> detections,
        EvaluationCounts counts) implements SplitEvaluation {

    public DetectorEvaluation {
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(groundTruth, "groundTruth");
        detections = List.copyOf(detections);
        Objects.requireNonNull(counts, "counts");
    }
}
