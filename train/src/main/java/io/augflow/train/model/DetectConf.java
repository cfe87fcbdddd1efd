package io.augflow.train.model;

import io.augflow.augment.conf.ConfBlock;
import java.util.List;

/**
 * The {@code model.detect} block: the detector's output grid, its anchors and how its raw output becomes
 * detections.
 *
 * <pre>
 * detect {
 *   stride = 8                # output grid cell in input pixels: 8 or 16 (finer grids find smaller objects)
 *   anchors = 5               # anchor boxes fitted by k-means (1 - IoU distance) on the train split's boxes, [1, 9]
 *   score-threshold = 0.01    # detections scoring below are dropped (objectness x class probability), [0, 1)
 *   nms-iou = 0.5             # per-class non-maximum suppression: a box overlapping a better one more is dropped
 *   max-detections = 100      # per image, after NMS, best first (COCO evaluates at most 100)
 *   neck-blocks = 3           # convolution blocks at the grid's resolution before the head, [1, 8]
 *   class-loss = cross-entropy  # cross-entropy | mse: the loss on an object's softmax class probabilities
 * }
 * </pre>
 * The class cross-entropy is weighted per class when {@code loss.class-balanced.enabled} (the only key of the
 * {@code loss} block a detector reads, {@code io.augflow.train.detect.DetectorClassLoss}).
 *
 * @param stride          network input pixels per output cell
 * @param anchors         number of anchors per cell
 * @param scoreThreshold  lowest score kept when decoding
 * @param nmsIou          IoU above which NMS suppresses the lower-scoring box of a class
 * @param maxDetections   detections kept per image
 * @param neckBlocks      blocks between the backbone and the head: they see the whole object at the grid's
 *                        resolution, so they decide the class (see {@code YoloSmall})
 * @param classLoss       {@code cross-entropy}, or {@code mse} (YOLOv2's and DL4J's default: squared error on the
 *                        softmax, whose gradient fades as a wrong class grows confident)
 * @param classWeights    per-class weights of the cross-entropy class loss (index = class id), empty for none: not a
 *                        key of the block but filled by the trainer when {@code loss.class-balanced.enabled} (the
 *                        effective-number weights of the train split's box counts, {@code DetectorClassLoss})
 */
public record DetectConf(int stride, int anchors, double scoreThreshold, double nmsIou, int maxDetections,
                         int neckBlocks, String classLoss, List<Double> classWeights)
        implements java.io.Serializable {
    public static final String PATH = "detect";
    public static final String CROSS_ENTROPY = "cross-entropy";
    public static final String MSE = "mse";
    public static final DetectConf DEFAULT = new DetectConf(8, 5, 0.01, 0.5, 100, 3, CROSS_ENTROPY);
    private static final List<String> KEYS = List.of("stride", "anchors", "score-threshold", "nms-iou",
            "max-detections", "neck-blocks", "class-loss");

    public DetectConf {
        classWeights = List.copyOf(classWeights);
        if (!classWeights.isEmpty() && !CROSS_ENTROPY.equals(classLoss)) {
            throw new IllegalArgumentException("augflow.model.detect.class-loss must be " + CROSS_ENTROPY
                    + " for class weights (loss.class-balanced), got " + classLoss);
        }
        if (!classWeights.stream().allMatch(w -> w >= 0 && !w.isInfinite() && !w.isNaN())) {
            throw new IllegalArgumentException("a detector's class weights must be finite numbers >= 0, got "
                    + classWeights);
        }
    }

    /** Without class weights (the block as configured). */
    public DetectConf(int stride, int anchors, double scoreThreshold, double nmsIou, int maxDetections,
                      int neckBlocks, String classLoss) {
        this(stride, anchors, scoreThreshold, nmsIou, maxDetections, neckBlocks, classLoss, List.of());
    }

    /** The same block with per-class weights on the class loss (index = class id; empty for none). */
    public DetectConf withClassWeights(double[] weights) {
        return new DetectConf(stride, anchors, scoreThreshold, nmsIou, maxDetections, neckBlocks, classLoss,
                java.util.Arrays.stream(weights).boxed().toList());
    }

    /** Reads the block (absent keys take the defaults above); errors name the full key. */
    public static DetectConf from(ConfBlock b) {
        b.rejectUnknown(KEYS);
        DetectConf d = DEFAULT;
        int stride = b.integer("stride", d.stride);
        b.check(stride == 8 || stride == 16, "stride", stride, "8 or 16");
        int anchors = b.integer("anchors", d.anchors);
        b.check(anchors >= 1 && anchors <= 9, "anchors", anchors, "in [1, 9]");
        double score = b.number("score-threshold", d.scoreThreshold);
        b.check(score >= 0 && score < 1, "score-threshold", score, "in [0, 1)");
        double iou = b.number("nms-iou", d.nmsIou);
        b.check(iou > 0 && iou <= 1, "nms-iou", iou, "in (0, 1]");
        int max = b.integer("max-detections", d.maxDetections);
        b.check(max >= 1 && max <= 1000, "max-detections", max, "in [1, 1000]");
        int neck = b.integer("neck-blocks", d.neckBlocks);
        b.check(neck >= 1 && neck <= 8, "neck-blocks", neck, "in [1, 8]");
        String classLoss = b.string("class-loss", d.classLoss);
        b.check(classLoss.equals(CROSS_ENTROPY) || classLoss.equals(MSE), "class-loss", classLoss,
                CROSS_ENTROPY + " or " + MSE);
        return new DetectConf(stride, anchors, score, iou, max, neck, classLoss);
    }
}
