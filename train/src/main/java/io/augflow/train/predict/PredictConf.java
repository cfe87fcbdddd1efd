package io.augflow.train.predict;

import com.typesafe.config.Config;
import io.augflow.augment.conf.ConfBlock;
import io.augflow.pipeline.ingest.IngestConf;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How a prediction run works, resolved on the driver from the {@code augflow.predict} block (the command's flags
 * arrive as overrides of its keys, so a flag beats the file) and two keys of {@code augflow.ingest}:
 *
 * <pre>
 * predict {
 *   batch-size = 0            # images per forward pass on an executor; 0 = augflow.train.batch-size-per-worker
 *   top-k = 5                 # classes kept per image of a classifier, >= 1 (capped at the class count)
 *   tta = none                # none | flip (the image and its mirror)
 *   format = parquet          # parquet | coco (a detector's predictions also as COCO results JSON)
 *   timeout = 120 minutes     # the run is cancelled and fails after this (it never hangs), > 0
 *   # detectors, each optional: unset = the value the model recorded from training (augflow.model.detect)
 *   # score-threshold = 0.01  # [0, 1)
 *   # nms-iou = 0.5           # (0, 1]
 *   # max-detections = 100    # [1, 1000]
 * }
 * </pre>
 *
 * @param tta         test-time augmentation
 * @param topK        classes (with probabilities) kept per image of a classifier, >= 1 (capped at the class count)
 * @param cocoResults also write COCO results JSON (detectors only)
 * @param batchSize   images per forward pass on an executor, >= 1
 * @param maxPixels   an image-folder file whose header claims more pixels is quarantined before decoding, >= 1
 * @param partitions  read tasks of an image folder; 0 = sized by the files' bytes
 * @param overwrite   replace existing outputs (only once the new ones are complete)
 * @param timeout     the predicting, writing and counting are cancelled after this (a job never hangs), > 0
 * @param decoding    a detector's decoding settings chosen for this run over the model's recorded ones
 */
public record PredictConf(TestTimeAugmentation tta, int topK, boolean cocoResults, int batchSize, long maxPixels,
        int partitions, boolean overwrite, Duration timeout, DecodingOverride decoding, double logitAdjustmentTau)
        implements java.io.Serializable {
    /** The block under {@code augflow}. */
    public static final String PATH = "predict";
    /** Key: images per forward pass; 0 = {@code augflow.train.batch-size-per-worker}. */
    public static final String BATCH_SIZE = "batch-size";
    /** Key: classes kept per image of a classifier. */
    public static final String TOP_K = "top-k";
    /** Key: test-time augmentation, {@code none} or {@code flip}. */
    public static final String TTA = "tta";
    /** Key: {@code parquet}, or {@code coco} for a detector's COCO results JSON besides. */
    public static final String FORMAT = "format";
    /** Key: the whole run's time bound. */
    public static final String TIMEOUT = "timeout";
    /** Key: a detector's lowest kept score (optional). */
    public static final String SCORE_THRESHOLD = "score-threshold";
    /** Key: a detector's NMS IoU (optional). */
    public static final String NMS_IOU = "nms-iou";
    /** Key: a detector's detections per image (optional). */
    public static final String MAX_DETECTIONS = "max-detections";

    /** Key: post-hoc logit adjustment's tau (the block {@code logit-adjustment { tau = 0 }}); 0 = off. */
    public static final String LOGIT_ADJUSTMENT = "logit-adjustment";
    public static final String TAU = "tau";
    public static final int DEFAULT_TOP_K = 5;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(120);
    /** {@link #DEFAULT_TIMEOUT} in minutes, for the {@code --timeout-minutes} flags of predict and evaluate. */
    public static final String DEFAULT_TIMEOUT_MINUTES = "120";
    private static final String BLOCK = "augflow." + PATH + ".";
    private static final List<String> KEYS = List.of(BATCH_SIZE, TOP_K, TTA, FORMAT, TIMEOUT, SCORE_THRESHOLD,
            NMS_IOU, MAX_DETECTIONS, LOGIT_ADJUSTMENT);

    public PredictConf {
        Objects.requireNonNull(tta, "tta");
        Objects.requireNonNull(decoding, "decoding");
        if (topK < 1) {
            throw new IllegalArgumentException(BLOCK + TOP_K + " (--top-k) must be >= 1, got " + topK);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException(BLOCK + BATCH_SIZE + " (--batch-size; 0 = augflow.train."
                    + "batch-size-per-worker) must give a batch >= 1, got " + batchSize);
        }
        if (maxPixels < 1) {
            throw new IllegalArgumentException("augflow.ingest.max-pixels must be >= 1, got " + maxPixels);
        }
        if (timeout == null || timeout.toMillis() < 1) {
            throw new IllegalArgumentException(BLOCK + TIMEOUT + " (--timeout-minutes) must be > 0, got " + timeout);
        }
        if (partitions < 0) {
            throw new IllegalArgumentException("augflow.ingest.partitions must be >= 0, got " + partitions);
        }
    }

    /** A run without post-hoc logit adjustment. */
    public PredictConf(TestTimeAugmentation tta, int topK, boolean cocoResults, int batchSize, long maxPixels,
            int partitions, boolean overwrite, Duration timeout, DecodingOverride decoding) {
        this(tta, topK, cocoResults, batchSize, maxPixels, partitions, overwrite, timeout, decoding, 0);
    }

    /** A run that decodes a detector's output as the model recorded it. */
    public PredictConf(TestTimeAugmentation tta, int topK, boolean cocoResults, int batchSize, long maxPixels,
            int partitions, boolean overwrite, Duration timeout) {
        this(tta, topK, cocoResults, batchSize, maxPixels, partitions, overwrite, timeout, DecodingOverride.NONE);
    }

    /**
     * Reads the {@code predict} block of {@code augflow} (absent keys take the defaults above) and
     * {@code ingest.max-pixels} / {@code ingest.partitions}; errors name the full key.
     *
     * @param trainBatchSize the batch when {@code batch-size} is 0 ({@code augflow.train.batch-size-per-worker})
     * @param overwrite      replace existing outputs
     */
    public static PredictConf fromRoot(Config augflow, int trainBatchSize, boolean overwrite) {
        ConfBlock b = ConfBlock.of(augflow, PATH);
        b.rejectUnknown(KEYS);
        int batch = b.integer(BATCH_SIZE, 0);
        b.check(batch >= 0, BATCH_SIZE, batch, ">= 0 (0 = augflow.train.batch-size-per-worker)");
        String format = b.string(FORMAT, "parquet").strip().toLowerCase(Locale.ROOT);
        b.check(format.equals("parquet") || format.equals("coco"), FORMAT, "\"" + format + "\"", "parquet or coco");
        Duration timeout = b.duration(TIMEOUT, DEFAULT_TIMEOUT);
        // any positive bound: tests cancel runs after a millisecond
        b.check(timeout.toMillis() >= 1, TIMEOUT, timeout, "> 0");
        DecodingOverride decoding = new DecodingOverride(b.number(SCORE_THRESHOLD, Double.NaN),
                b.number(NMS_IOU, Double.NaN), b.integer(MAX_DETECTIONS, 0));
        long maxPixels = augflow.hasPath("ingest." + IngestConf.MAX_PIXELS)
                ? augflow.getLong("ingest." + IngestConf.MAX_PIXELS) : IngestConf.DEFAULT_MAX_PIXELS;
        int partitions = augflow.hasPath("ingest." + IngestConf.PARTITIONS)
                ? augflow.getInt("ingest." + IngestConf.PARTITIONS) : 0;
        return new PredictConf(TestTimeAugmentation.fromKey(b.string(TTA, "none"), b.key(TTA)),
                b.integer(TOP_K, DEFAULT_TOP_K), format.equals("coco"), batch == 0 ? trainBatchSize : batch,
                maxPixels, partitions, overwrite, timeout, decoding, logitAdjustmentTau(b));
    }

    /** {@code predict.logit-adjustment.tau}, checked (finite, >= 0); 0 when absent. */
    public static double logitAdjustmentTau(ConfBlock predict) {
        ConfBlock la = predict.child(LOGIT_ADJUSTMENT);
        la.rejectUnknown(List.of(TAU));
        double tau = la.number(TAU, 0);
        la.check(tau >= 0 && !Double.isInfinite(tau), TAU, tau, "a finite number >= 0 (0 = off)");
        return tau;
    }
}
