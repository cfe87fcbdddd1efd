package io.augflow.train.detect;

import io.augflow.augment.Box;
import io.augflow.augment.random.RandomStreams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Fits {@link Anchors} on the training boxes' sizes by k-means with the distance {@code 1 - IoU} of two boxes
 * sharing one centre (YOLOv2's choice: Euclidean distance on (w, h) would let large boxes dominate, IoU weighs a
 * small box's mismatch as much as a large one's).
 *
 * <p>Deterministic for a seed: k-means++ initialisation (each next centre drawn with probability proportional to
 * the squared distance to the nearest chosen one) from a stream derived from the seed, then Lloyd iterations
 * (assign each size to the centre of highest IoU, move each centre to the mean size of its members) until no
 * assignment changes or the iteration cap. An empty cluster keeps its centre. Of {@value #RESTARTS} such runs
 * (streams derived from the seed), the one of highest mean IoU is kept.
 */
public final class AnchorKMeans {
    /** Anchors per cell when not configured: YOLOv3-tiny's 3 per scale; 5 (YOLOv2) costs more on CPU. */
    public static final int DEFAULT_COUNT = 3;
    /** Iteration cap of {@link #fit(List, int, long)}; k-means on a few thousand 2-D points converges far earlier. */
    public static final int MAX_ITERATIONS = 300;
    /** k-means runs from different initialisations; the one of highest mean IoU wins (a bad start can strand two
     *  centres in one cluster). */
    static final int RESTARTS = 5;
    /** Stream index under the seed, so anchor fitting never shares a stream with anything else. */
    private static final int STREAM = 0x0a4c4025;

    private AnchorKMeans() {
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
            return Anchors.of(distinct.stream().map(d -> new double[] {d.get(0), d.get(1)}).toArray(double[][]::new));
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
                int nearest = Anchors.nearest(points[i], centres);
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
        return Anchors.of(centres);
    }

    /** k-means++: the first centre uniformly, each next one with probability proportional to distance squared. */
    private static double[][] initialCentres(double[][] points, int k, SplittableRandom rng) {
        double[][] centres = new double[k][];
        centres[0] = points[rng.nextInt(points.length)].clone();
        double[] d2 = new double[points.length];
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (int i = 0; i < points.length; i++) {
                double[][] chosen = Arrays.copyOf(centres, c);
                double d = 1 - Anchors.centredIoU(points[i], chosen[Anchors.nearest(points[i], chosen)]);
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
}
