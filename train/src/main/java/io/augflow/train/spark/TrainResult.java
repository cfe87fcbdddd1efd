package io.augflow.train.spark;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.augflow.train.eval.ClassificationMetrics;
import io.augflow.train.summary.ModelSummary;
import java.util.List;
import java.util.Map;

/**
 * What a training run produced: the model's place, its history and test metrics, with provenance.
 * Written as {@code model.json} beside {@code model.zip}.
 */
public record TrainResult(
        @JsonProperty("model") String model,
        @JsonProperty("architecture") String architecture,
        @JsonProperty("classes") List<String> classes,
        @JsonProperty("input") int[] input,
        @JsonProperty("epochs") int epochs,
        @JsonProperty("resumedFromEpoch") int resumedFromEpoch,
        @JsonProperty("history") List<EpochRecord> history,
        @JsonProperty("test") ClassificationMetrics test,
        @JsonProperty("summary") ModelSummary summary,
        @JsonProperty("provenance") Map<String, Object> provenance) {}
