package io.augflow.train.spark;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.augflow.train.eval.ClassificationMetrics;
import io.augflow.train.summary.ModelSummary;
import java.util.List;
import java.util.Map;

/**
 * What a training run produced: the model's place, its history and test metrics, with provenance.
 * Written as {@code model.json} beside {@code model.zip}.
 *
 * <p>{@code input} is {@code [channels, height, width]}; {@code resize} the policy that brings other sizes to it
 * and {@code inputChoice} why that size ({@link io.augflow.train.model.InputChoice}); {@code backgroundExcluded}
 * the rows per split left out of a classifier's training and evaluation for having neither a label nor a box.
 */
public record TrainResult(
        @JsonProperty("model") String model,
        @JsonProperty("architecture") String architecture,
        @JsonProperty("classes") List<String> classes,
        @JsonProperty("input") int[] input,
        @JsonProperty("resize") String resize,
        @JsonProperty("inputChoice") String inputChoice,
        @JsonProperty("task") String task,
        @JsonProperty("backgroundExcluded") Map<String, Long> backgroundExcluded,
        @JsonProperty("epochs") int epochs,
        @JsonProperty("resumedFromEpoch") int resumedFromEpoch,
        @JsonProperty("history") List<EpochRecord> history,
        @JsonProperty("test") ClassificationMetrics test,
        @JsonProperty("summary") ModelSummary summary,
        @JsonProperty("provenance") Map<String, Object> provenance) {}
