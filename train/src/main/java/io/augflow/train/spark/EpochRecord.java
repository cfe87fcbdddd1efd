package io.augflow.train.spark;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.augflow.train.detect.eval.CocoMetrics;
import io.augflow.train.eval.ClassificationMetrics;

/**
 * One epoch of the training history.
 *
 * @param samples    augmented samples streamed (after the plan's repeats)
 * @param rowsDecoded dataset rows decoded by the stream (each once per epoch, repeats included)
 * @param loss       the training loss averaged over the epoch's averaging rounds (each round's score is DL4J's
 *                   average over the workers): steadier than the last minibatch's
 * @param validation metrics on the evaluation split, null when none is configured or the run detects
 * @param detection  a detector's COCO metrics on the evaluation split, null when none is configured or it classifies
 * @param lossFunction the loss the epoch trained with, in words (the loss schedule: class-balanced weights from
 *                   {@code loss.drw-epoch} on, the class counts' source); null in histories written before
 */
public record EpochRecord(
        @JsonProperty("epoch") int epoch,
        @JsonProperty("samples") long samples,
        @JsonProperty("rowsDecoded") long rowsDecoded,
        @JsonProperty("shards") int shards,
        @JsonProperty("loss") double loss,
        @JsonProperty("seconds") double seconds,
        @JsonProperty("samplesPerSecond") double samplesPerSecond,
        @JsonProperty("validation") ClassificationMetrics validation,
        @JsonProperty("detection") CocoMetrics detection,
        @JsonProperty("lossFunction") String lossFunction) {

    /** An epoch without the record of its loss function. */
    public EpochRecord(int epoch, long samples, long rowsDecoded, int shards, double loss, double seconds,
            double samplesPerSecond, ClassificationMetrics validation, CocoMetrics detection) {
        this(epoch, samples, rowsDecoded, shards, loss, seconds, samplesPerSecond, validation, detection, null);
    }

    /** A classifier's epoch. */
    public EpochRecord(int epoch, long samples, long rowsDecoded, int shards, double loss, double seconds,
            double samplesPerSecond, ClassificationMetrics validation) {
        this(epoch, samples, rowsDecoded, shards, loss, seconds, samplesPerSecond, validation, null);
    }
}
