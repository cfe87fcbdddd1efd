package io.augflow.train.spark;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.augflow.train.eval.ClassificationMetrics;

/**
 * One epoch of the training history.
 *
 * @param samples    augmented samples streamed (after the plan's repeats)
 * @param rowsDecoded dataset rows decoded by the stream (each once per epoch, repeats included)
 * @param loss       the training loss averaged over the epoch's averaging rounds (each round's score is DL4J's
 *                   average over the workers): steadier than the last minibatch's
 * @param validation metrics on the evaluation split, null when none is configured
 */
public record EpochRecord(
        @JsonProperty("epoch") int epoch,
        @JsonProperty("samples") long samples,
        @JsonProperty("rowsDecoded") long rowsDecoded,
        @JsonProperty("shards") int shards,
        @JsonProperty("loss") double loss,
        @JsonProperty("seconds") double seconds,
        @JsonProperty("samplesPerSecond") double samplesPerSecond,
        @JsonProperty("validation") ClassificationMetrics validation) {}
