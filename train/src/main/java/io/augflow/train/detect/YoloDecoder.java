package io.augflow.train.detect;

import io.augflow.augment.Box;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Turns the detector's output into boxes in network-input pixels. The output is what
 * {@code network.output(x)} returns for a {@code Yolo2OutputLayer}: DL4J's {@code YoloUtils.activate} has already
 * applied every activation, so this class applies none. Shape {@code [mb, B * (5 + C), H, W]}; for anchor
 * {@code b}, channel {@code b * (5 + C) + k} holds
 * <ul>
 *   <li>k = 0, 1: {@code sigmoid(tx), sigmoid(ty)}, the centre's offset inside its cell, in [0, 1];</li>
 *   <li>k = 2, 3: {@code prior_w * exp(tw), prior_h * exp(th)}, width and height in grid units;</li>
 *   <li>k = 4: {@code sigmoid(tc)}, the objectness;</li>
 *   <li>k = 5 .. 5 + C - 1: the softmax over classes.</li>
 * </ul>
 * Cell (row, col), anchor b gives the box centred at {@code ((col + x) * s, (row + y) * s)} of size
 * {@code (w * s, h * s)} pixels (s = stride), clipped to the input. Each class whose score
 * {@code objectness * p(class)} exceeds {@code scoreThreshold} gives a candidate (so a cell torn between two
 * classes can yield both); the candidates then go through {@link Nms}.
 *
 * <p>Why not {@code Yolo2OutputLayer.getPredictedObjects}: in 1.0.0-M2.1 most of its objects carry no class
 * probabilities (see {@code STACK.md}).
 *
 * @param stride         output stride in pixels, as the network was built with
 * @param anchors        B, as the network was built with
 * @param classes        C, >= 1
 * @param scoreThreshold candidates need a score strictly above it, in [0, 1)
 */
public record YoloDecoder(int stride, int anchors, int classes, double scoreThreshold, Nms nms)
        implements Serializable {

    public YoloDecoder {
        Objects.requireNonNull(nms, "nms");
        if (stride < 1 || anchors < 1 || classes < 1) {
            throw new IllegalArgumentException("decoder needs stride, anchors and classes >= 1, got stride " + stride
                    + ", anchors " + anchors + ", classes " + classes);
        }
        if (!(scoreThreshold >= 0 && scoreThreshold < 1)) {
            throw new IllegalArgumentException("detection score threshold must be in [0, 1), got " + scoreThreshold);
        }
    }

    /** The decoder matching a detector's head. */
    public static YoloDecoder forHead(YoloHead head, int classes, double scoreThreshold, Nms nms) {
        return new YoloDecoder(head.stride(), head.anchors().count(), classes, scoreThreshold, nms);
    }

    /** The detections of example {@code example} of a minibatch output, after NMS, highest score first. */
    public List<ScoredBox> decode(INDArray output, int example) {
        return nms.apply(candidates(output, example));
    }

    /** The candidates above the score threshold of one example, before NMS, in (row, col, anchor, class) order. */
    public List<ScoredBox> candidates(INDArray output, int example) {
        int perAnchor = 5 + classes;
        if (output.rank() != 4 || output.size(1) != (long) anchors * perAnchor) {
            throw new IllegalArgumentException("detector output must have shape [mb, " + anchors + " * (5 + " + classes
                    + "), H, W], got " + java.util.Arrays.toString(output.shape()));
        }
        if (example < 0 || example >= output.size(0)) {
            throw new IllegalArgumentException("example " + example + " is outside the minibatch of " + output.size(0));
        }
        int gh = (int) output.size(2);
        int gw = (int) output.size(3);
        int plane = gh * gw;
        // One copy to a flat float array [B * (5 + C), H, W]: per-element getDouble on an INDArray is slow.
        float[] a = output.slice(example).dup('c').data().asFloat();
        int width = gw * stride;
        int height = gh * stride;
        List<ScoredBox> out = new ArrayList<>();
        for (int row = 0; row < gh; row++) {
            for (int col = 0; col < gw; col++) {
                int cell = row * gw + col;
                for (int b = 0; b < anchors; b++) {
                    int base = b * perAnchor * plane + cell;
                    float objectness = a[base + 4 * plane];
                    if (!(objectness > scoreThreshold)) {
                        continue; // no class probability exceeds 1, so no score can pass either
                    }
                    double cx = (col + a[base]) * stride;
                    double cy = (row + a[base + plane]) * stride;
                    double w = a[base + 2 * plane] * stride;
                    double h = a[base + 3 * plane] * stride;
                    double x1 = clamp(cx - w / 2, width);
                    double y1 = clamp(cy - h / 2, height);
                    double x2 = clamp(cx + w / 2, width);
                    double y2 = clamp(cy + h / 2, height);
                    if (!(x2 > x1) || !(y2 > y1)) {
                        continue;
                    }
                    for (int c = 0; c < classes; c++) {
                        float score = objectness * a[base + (5 + c) * plane];
                        if (score > scoreThreshold) {
                            out.add(new ScoredBox(Box.fromCorners(c, x1, y1, x2, y2, false), Math.min(1f, score)));
                        }
                    }
                }
            }
        }
        return out;
    }

    private static double clamp(double v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
