package io.augflow.train.checkpoint;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a checkpoint records beside the model: enough to resume the same run exactly.
 *
 * @param epoch       the last completed epoch (0-based)
 * @param planSeed    the seed of the sampling plan and augmentation streams
 * @param configHash  SHA-256 of the resolved configuration the run started with
 * @param modelSha256 SHA-256 of the model file, checked before it is trusted
 * @param created     ISO-8601 time
 */
public record CheckpointInfo(
        @JsonProperty("epoch") int epoch,
        @JsonProperty("planSeed") long planSeed,
        @JsonProperty("configHash") String configHash,
        @JsonProperty("modelSha256") String modelSha256,
        @JsonProperty("created") String created) {}
