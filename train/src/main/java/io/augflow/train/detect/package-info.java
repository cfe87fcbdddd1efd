/**
 * The single-stage, YOLO-style detector's building blocks, in one JVM: anchors fitted by k-means on box sizes
 * ({@link io.augflow.train.detect.AnchorKMeans} gives {@link io.augflow.train.detect.Anchors}), boxes encoded into
 * DL4J's {@code Yolo2OutputLayer} labels ({@link io.augflow.train.detect.YoloTargets}), the network
 * ({@link io.augflow.train.detect.YoloSmall}, built through {@code ModelFactory} with a
 * {@link io.augflow.train.detect.YoloHead}), the output decoded to boxes ({@link io.augflow.train.detect.YoloDecoder},
 * {@link io.augflow.train.detect.Nms}), and boxes mapped back to the original image
 * ({@link io.augflow.train.detect.BoxMapping}). Boxes are {@link io.augflow.augment.Box}es in pixels throughout;
 * grid units appear only inside the label and output arrays.
 */
package io.augflow.train.detect;
