package io.augflow.train.predict;

import io.augflow.train.model.DetectConf;

/**
 * A detector's decoding settings chosen for one prediction run ({@code augflow.predict.score-threshold},
 * {@code nms-iou}, {@code max-detections}), over the ones the model recorded from its training
 * ({@code augflow.model.detect}). Each is optional: NaN (or 0 detections) keeps the model's value, so a run
 * that sets nothing decodes exactly as training's evaluation did.
 *
 * @param scoreThreshold lowest score kept, in [0, 1); NaN = the model's
 * @param nmsIou         IoU above which per-class NMS drops the lower-scoring box, in (0, 1]; NaN = the model's
 * @param maxDetections  detections kept per image, in [1, 1000]; 0 = the model's
 */
public record DecodingOverride(double scoreThreshold, double nmsIou, int maxDetections)
        implements java.io.Serializable {
    /** Every setting as the model recorded it. */
    public static final DecodingOverride NONE = new DecodingOverride(Double.NaN, Double.NaN, 0);

    private static final String BLOCK = "augflow." + PredictConf.PATH + ".";

    public DecodingOverride {
        if (!Double.isNaN(scoreThreshold) && !(scoreThreshold >= 0 && scoreThreshold < 1)) {
            throw new IllegalArgumentException(BLOCK + PredictConf.SCORE_THRESHOLD + " must be in [0, 1), got "
                    + scoreThreshold);
        }
        if (!Double.isNaN(nmsIou) && !(nmsIou > 0 && nmsIou <= 1)) {
            throw new IllegalArgumentException(BLOCK + PredictConf.NMS_IOU + " must be in (0, 1], got " + nmsIou);
        }
        if (maxDetections != 0 && (maxDetections < 1 || maxDetections > 1000)) {
            throw new IllegalArgumentException(BLOCK + PredictConf.MAX_DETECTIONS
                    + " must be in [1, 1000] (or 0: the model's), got " + maxDetections);
        }
    }

    /** {@code recorded} with the settings this run chose in place of the model's. */
    public DetectConf applyTo(DetectConf recorded) {
        return new DetectConf(recorded.stride(), recorded.anchors(),
                Double.isNaN(scoreThreshold) ? recorded.scoreThreshold() : scoreThreshold,
                Double.isNaN(nmsIou) ? recorded.nmsIou() : nmsIou,
                maxDetections == 0 ? recorded.maxDetections() : maxDetections,
                recorded.neckBlocks(), recorded.classLoss(), recorded.classWeights());
    }
}
