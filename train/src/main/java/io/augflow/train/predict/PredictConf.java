package io.augflow.train.predict;

import java.util.Objects;

/**
 * How a prediction run works, resolved on the driver from the command line and the configuration.
 *
 * @param tta         test-time augmentation
 * @param topK        classes (with probabilities) kept per image of a classifier, >= 1 (capped at the class count)
 * @param cocoResults also write COCO results JSON (detectors only)
 * @param batchSize   images per forward pass on an executor, >= 1
 * @param maxPixels   an image-folder file whose header claims more pixels is quarantined before decoding, >= 1
 * @param partitions  read tasks of an image folder; 0 = sized by the files' bytes
 * @param overwrite   replace existing outputs (only once the new ones are complete)
 * @param timeout     the predicting, writing and counting are cancelled after this (a job never hangs), > 0
 */
public record PredictConf(TestTimeAugmentation tta, int topK, boolean cocoResults, int batchSize, long maxPixels,
        int partitions, boolean overwrite, java.time.Duration timeout) implements java.io.Serializable {
    public static final int DEFAULT_TOP_K = 5;
    public static final String DEFAULT_TIMEOUT_MINUTES = "120";

    public PredictConf {
        Objects.requireNonNull(tta, "tta");
        if (topK < 1) {
            throw new IllegalArgumentException("--top-k must be >= 1, got " + topK);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("augflow.train.batch-size-per-worker (the prediction batch) must be"
                    + " >= 1, got " + batchSize);
        }
        if (maxPixels < 1) {
            throw new IllegalArgumentException("augflow.ingest.max-pixels must be >= 1, got " + maxPixels);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("--timeout-minutes must be > 0, got " + timeout);
        }
        if (partitions < 0) {
            throw new IllegalArgumentException("augflow.ingest.partitions must be >= 0, got " + partitions);
        }
    }
}
