package io.augflow.train.detect;

import io.augflow.augment.Box;
import io.augflow.augment.random.RandomStreams;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The detector's box priors: widths and heights in network-input pixels, sorted by area (smallest first), so
 * anchor {@code b} of the output layer is the b-th smallest. Fitted by k-means on the training boxes' sizes
 * with the distance {@code 1 - IoU} of two boxes sharing one centre (YOLOv2's choice: Euclidean distance on
 * (w, h) would let large boxes dominate the error, IoU weighs a small box's mismatch as much as a large one's).
 *
 * <p>Fitting is deterministic for a seed: k-means++ initialisation (each next centre drawn with probability
 * proportional to the squared distance to the nearest chosen one) from a stream derived from the seed, then
 * Lloyd iterations (assign each size to the centre of highest IoU, move each centre to the mean size of its
 * members) until no assignment changes or the iteration cap. An empty cluster keeps its centre. Of
 * {@value #RESTARTS} such runs (streams derived from the seed), the one of highest mean IoU is kept.
 */
public final class Anchors implements Serializable {
    /** Anchors per cell when not configured: YOLOv3-tiny's 3 per scale; 5 (YOLOv2) costs more on CPU. */
    public static final int DEFAULT_COUNT = 3;
    /** Iteration cap of {@link #fit(List, int, long)}; k-means on a few thousand 2-D points converges far earlier. */
    public static final int MAX_ITERATIONS = 300;
    /** k-means runs from different initialisations; the one of highest mean IoU wins (a bad start can strand two
     *  centres in one cluster). */
    static final int RESTARTS = 5;
    /** Stream index under the seed, so anchor fitting never shares a stream with anything else. */
    private static final int STREAM = 0x0a4c4025;

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

    /** {@link #fit(List, int, long)} with {@value #DEFAULT_COUNT} anchors. */
    public static Anchors fit(List<Box> boxes, long seed) {
        return fit(boxes, DEFAULT_COUNT, seed);
    }

    /** {@link #fitSizes} on the boxes' (w, h); boxes without area are ignored. */
    public static Anchors fit(List<Box> boxes, int k, long seed) {
        List<double[]> sizes = new ArrayList<>(boxes.size());
        for (Box b : boxes) {
            if (b.w() > 0 && b.h() > 0) {
                sizes.add(new double[] {b.w(), b.h()});
            }
        }
        return fitSizes(sizes, k, seed, MAX_ITERATIONS);
    }

    /**
     * k-means with distance {@code 1 - IoU} on box sizes.
     *
     * @param sizes          {@code {w, h}} pairs in network-input pixels, sides > 0
     * @param k              number of anchors wanted, >= 1
     * @param maxIterations  Lloyd iteration cap, >= 1
     * @return {@code k} anchors; when the data hold fewer than {@code k} distinct sizes, exactly those sizes (fewer
     *     than {@code k} anchors: a second anchor of the same size would only duplicate the first's predictions)
     * @throws IllegalArgumentException when {@code sizes} is empty or {@code k}, {@code maxIterations} are < 1
     */
    public static Anchors fitSizes(List<double[]> sizes, int k, long seed, int maxIterations) {
        if (k < 1) {
            throw new IllegalArgumentException("anchors: the number of anchors k must be >= 1, got " + k);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("anchors: maxIterations must be >= 1, got " + maxIterations);
        }
        if (sizes.isEmpty()) {
            throw new IllegalArgumentException("anchors: no box with width and height > 0 to fit " + k + " anchors to");
        }
        double[][] points = sizes.stream().map(double[]::clone).toArray(double[][]::new);
        for (double[] p : points) {
            if (p.length != 2 || !(p[0] > 0) || !(p[1] > 0) || !Double.isFinite(p[0]) || !Double.isFinite(p[1])) {
                throw new IllegalArgumentException("anchors: box sizes must be {w, h} with finite sides > 0, got "
                        + Arrays.toString(p));
            }
        }
        Set<List<Double>> distinct = new LinkedHashSet<>();
        for (double[] p : points) {
            distinct.add(List.of(p[0], p[1]));
        }
        if (distinct.size() <= k) {
            return of(distinct.stream().map(d -> new double[] {d.get(0), d.get(1)}).toArray(double[][]::new));
        }
        Anchors best = null;
        double bestIoU = -1;
        for (int restart = 0; restart < RESTARTS; restart++) {
            Anchors candidate = lloyd(points, initialCentres(points, k, RandomStreams.child(seed, STREAM + restart)),
                    maxIterations);
            double iou = candidate.meanIoU(Arrays.asList(points));
            if (iou > bestIoU) {
                best = candidate;
                bestIoU = iou;
            }
        }
        return best;
    }

    /** Lloyd iterations from {@code centres} until no assignment changes or {@code maxIterations}. */
    private static Anchors lloyd(double[][] points, double[][] centres, int maxIterations) {
        int k = centres.length;
        int[] assignment = new int[points.length];
        Arrays.fill(assignment, -1);
        for (int iteration = 0; iteration < maxIterations; iteration++) {
            boolean changed = false;
            for (int i = 0; i < points.length; i++) {
                int nearest = nearest(points[i], centres);
                changed |= nearest != assignment[i];
                assignment[i] = nearest;
            }
            if (!changed) {
                break;
            }
            double[][] sums = new double[k][3];
            for (int i = 0; i < points.length; i++) {
                sums[assignment[i]][0] += points[i][0];
                sums[assignment[i]][1] += points[i][1];
                sums[assignment[i]][2]++;
            }
            for (int c = 0; c < k; c++) {
                if (sums[c][2] > 0) {
                    centres[c] = new double[] {sums[c][0] / sums[c][2], sums[c][1] / sums[c][2]};
                }
            }
        }
        return of(centres);
    }

    /** k-means++: the first centre uniformly, each next one with probability proportional to distance squared. */
    private static double[][] initialCentres(double[][] points, int k, SplittableRandom rng) {
        double[][] centres = new double[k][];
        centres[0] = points[rng.nextInt(points.length)].clone();
        double[] d2 = new double[points.length];
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (int i = 0; i < points.length; i++) {
                double d = 1 - centredIoU(points[i], centres[nearest(points[i], Arrays.copyOf(centres, c))]);
                d2[i] = d * d;
                total += d2[i];
            }
            int pick = points.length - 1;
            double target = rng.nextDouble() * total;
            for (int i = 0; i < points.length; i++) {
                target -= d2[i];
                if (target < 0) {
                    pick = i;
                    break;
                }
            }
            centres[c] = points[pick].clone();
        }
        return centres;
    }

    private static int nearest(double[] point, double[][] centres) {
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
            s.append(i == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%.1fx%.1f", widths[i], heights[i]));
        }
        return s.append(" px]").toString();
    }
}
