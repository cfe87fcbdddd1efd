package io.augflow.jobs.evaluate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.augflow.train.eval.CalibrationCurve;
import io.augflow.train.eval.ClassificationMetrics;
import io.augflow.train.evaluate.EvaluationCounts;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code metrics.json} holds: where the figures come from (model, dataset, split, test-time augmentation,
 * when, how long), the rows counted, and a classifier's metrics and calibration or a detector's COCO metrics (by
 * name, then per class) with the names of its two COCO files. Parts that do not apply are left out.
 *
 * @param detection {@link io.augflow.train.detect.eval.CocoMetrics#toMap()}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvaluationRecord(
        @JsonProperty("task") String task,
        @JsonProperty("model") String model,
        @JsonProperty("dataset") String dataset,
        @JsonProperty("split") String split,
        @JsonProperty("tta") String tta,
        @JsonProperty("evaluatedAt") String evaluatedAt,
        @JsonProperty("seconds") double seconds,
        @JsonProperty("counts") EvaluationCounts counts,
        @JsonProperty("classification") ClassificationMetrics classification,
        @JsonProperty("calibration") CalibrationCurve calibration,
        @JsonProperty("detection") Map<String, Object> detection,
        @JsonProperty("cocoGroundTruth") String cocoGroundTruth,
        @JsonProperty("cocoResults") String cocoResults) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public EvaluationRecord {
        Objects.requireNonNull(counts, "counts");
        if ((classification == null) == (detection == null)) {
            throw new IllegalArgumentException("an evaluation record holds a classifier's or a detector's metrics,"
                    + " exactly one");
        }
    }

    public boolean isDetector() {
        return detection != null;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the evaluation record as JSON", e);
        }
    }

    /** The one-line summary the command prints. */
    public String summary() {
        String figures = isDetector()
                ? String.format(Locale.ROOT, "AP %.4f, AP50 %.4f, AP_small %.4f", (double) detection.get("AP"),
                        (double) detection.get("AP50"), (double) detection.get("APsmall"))
                : String.format(Locale.ROOT, "accuracy %.4f, macro-F1 %.4f, balanced accuracy %.4f, ECE %.4f",
                        classification.accuracy(), classification.macroF1(), classification.balancedAccuracy(),
                        calibration.ece());
        String left = counts.unlabelled() == 0 ? "" : ", " + counts.unlabelled() + " without a class";
        return String.format(Locale.ROOT, "evaluate (%s) split '%s': %s; %d rows in, %d evaluated, %d quarantined%s"
                + " in %.1f s", task, split, figures, counts.rowsIn(), counts.evaluated(), counts.quarantined(), left,
                seconds);
    }
}
