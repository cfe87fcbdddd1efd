package io.augflow.train.detect;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The detector's box priors, frozen: widths and heights in network-input pixels, sorted by area (smallest first),
 * so anchor {@code b} of the output layer is the b-th smallest. Fitted on the training boxes by
 * {@link AnchorKMeans}; converted to grid units for a stride ({@link #priors}).
 */
public final class Anchors implements Serializable {
    private final double[] widths;
    private final double[] heights;

    private Anchors(double[] widths, double[] heights) {
        this.widths = widths;
        this.heights = heights;
    }

    /**
     * Anchors with the given sizes, re-sorted by area.
     *
     * @param sizes {@code {w, h}} pairs in network-input pixels, each > 0 and finite
     */
    public static Anchors of(double[]... sizes) {
        Objects.requireNonNull(sizes, "sizes");
        if (sizes.length == 0) {
            throw new IllegalArgumentException("anchors: at least one anchor size is needed, got none");
        }
        double[][] copy = new double[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
            double[] s = sizes[i];
            if (s.length != 2 || !(s[0] > 0) || !(s[1] > 0) || !Double.isFinite(s[0]) || !Double.isFinite(s[1])) {
                throw new IllegalArgumentException("anchors: each anchor must be {width, height} with finite sides > 0,"
                        + " got " + Arrays.toString(s) + " at index " + i);
            }
            copy[i] = s.clone();
        }
        Arrays.sort(copy, Comparator.<double[]>comparingDouble(s -> s[0] * s[1]).thenComparingDouble(s -> s[0]));
        double[] w = new double[copy.length];
        double[] h = new double[copy.length];
        for (int i = 0; i < copy.length; i++) {
            w[i] = copy[i][0];
            h[i] = copy[i][1];
        }
        return new Anchors(w, h);
    }

    static int nearest(double[] point, double[][] centres) {
        int best = 0;
        double bestIoU = -1;
        for (int c = 0; c < centres.length; c++) {
            double iou = centredIoU(point, centres[c]);
            if (iou > bestIoU) {
                bestIoU = iou;
                best = c;
            }
        }
        return best;
    }

    /** IoU of two boxes of sizes {@code a} and {@code b} placed on one centre: {@code min w * min h / union}. */
    static double centredIoU(double[] a, double[] b) {
        double inter = Math.min(a[0], b[0]) * Math.min(a[1], b[1]);
        return inter / (a[0] * a[1] + b[0] * b[1] - inter);
    }

    /** Mean over {@code sizes} of the best centred IoU with any anchor: how well these anchors cover the boxes. */
    public double meanIoU(List<double[]> sizes) {
        if (sizes.isEmpty()) {
            throw new IllegalArgumentException("anchors: meanIoU needs at least one box size");
        }
        double[][] anchors = pixels();
        double sum = 0;
        for (double[] s : sizes) {
            sum += centredIoU(s, anchors[nearest(s, anchors)]);
        }
        return sum / sizes.size();
    }

    /** Number of anchors (B, the boxes predicted per grid cell). */
    public int count() {
        return widths.length;
    }

    /** {@code {w, h}} per anchor in network-input pixels, smallest area first. */
    public double[][] pixels() {
        double[][] out = new double[widths.length][];
        for (int i = 0; i < widths.length; i++) {
            out[i] = new double[] {widths[i], heights[i]};
        }
        return out;
    }

    /** {@code {w, h}} per anchor in grid cells of an output of this {@code stride} (pixels / stride). */
    public double[][] inGridUnits(int stride) {
        if (stride < 1) {
            throw new IllegalArgumentException("anchors: stride must be >= 1, got " + stride);
        }
        double[][] out = pixels();
        for (double[] a : out) {
            a[0] /= stride;
            a[1] /= stride;
        }
        return out;
    }

    /** The priors of DL4J's {@code Yolo2OutputLayer}: shape {@code [B, 2]}, (w, h) in grid units, double. */
    public INDArray priors(int stride) {
        return Nd4j.create(inGridUnits(stride)).castTo(DataType.DOUBLE);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Anchors a && Arrays.equals(widths, a.widths) && Arrays.equals(heights, a.heights);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(widths) + Arrays.hashCode(heights);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Anchors[");
        for (int i = 0; i < widths.length; i++) {
            s.append(i == 0 ? "" : ", ")
                    .append(String.format(java.util.Locale.ROOT, "%.1fx%.1f", widths[i], heights[i]));
        }
        return s.append(" px]").toString();
    }
}
