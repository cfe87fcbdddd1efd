package io.augflow.augment.synthetic;

import io.augflow.augment.Box;
import io.augflow.augment.Sample;
import io.augflow.augment.random.RandomStreams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Generates image {@code i} of a synthetic long-tail dataset as a pure function of ({@link SyntheticConf},
 * i): the same configuration gives the same bytes on any thread or executor.
 *
 * <p>Each image has one primary object whose class is its image-level label; class counts follow a
 * geometric long tail, {@code n_c ∝ ratio^(-c / (C - 1))}, assigned exactly and shuffled with the seed.
 * Some images get 1-3 small objects (side 6-24 px, so area < 32x32) and extra medium ones, their classes
 * drawn from the same long tail. Objects never overlap; every box is the exact extent of its shape.
 */
public final class SyntheticDataset {
    private static final int SMALL_MIN_SIDE = 6;
    private static final int SMALL_MAX_SIDE = 24;
    private static final int MEDIUM_MIN_SIDE = 34;
    private static final int PLACEMENT_TRIES = 40;

    private final SyntheticConf conf;
    private final int[] classOfImage;
    private final double[] classWeights;

    public SyntheticDataset(SyntheticConf conf) {
        this.conf = conf;
        this.classWeights = longTailWeights(conf.classes(), conf.imbalanceRatio());
        this.classOfImage = shuffledClassAssignment(classCounts(conf), conf.seed());
    }

    public SyntheticConf conf() {
        return conf;
    }

    public List<String> classNames() {
        return Arrays.stream(Shape.values()).limit(conf.classes()).map(Shape::className).toList();
    }

    /** Images per image-level class; sums to {@code conf.images()}, every class has at least one. */
    public static int[] classCounts(SyntheticConf conf) {
        double[] w = longTailWeights(conf.classes(), conf.imbalanceRatio());
        int n = conf.images();
        int[] counts = new int[w.length];
        double[] remainder = new double[w.length];
        int assigned = 0;
        for (int c = 0; c < w.length; c++) {
            double exact = Math.max(1, n * w[c]);
            counts[c] = (int) Math.floor(exact);
            remainder[c] = exact - counts[c];
            assigned += counts[c];
        }
        // Largest remainder first; then take from the largest class if the floor of 1 overshot.
        while (assigned < n) {
            int best = 0;
            for (int c = 1; c < w.length; c++) {
                if (remainder[c] > remainder[best]) {
                    best = c;
                }
            }
            counts[best]++;
            remainder[best] = -1;
            assigned++;
        }
        while (assigned > n) {
            int largest = 0;
            for (int c = 1; c < w.length; c++) {
                if (counts[c] > counts[largest]) {
                    largest = c;
                }
            }
            counts[largest]--;
            assigned--;
        }
        return counts;
    }

    public String idOf(int index) {
        return String.format("synthetic-%07d", index);
    }

    /** The split of image {@code index}: a stable hash of its id, so splits do not depend on the count. */
    public String splitOf(int index) {
        double u = (RandomStreams.mix(RandomStreams.hash(idOf(index)) ^ conf.seed()) >>> 11) * 0x1.0p-53;
        if (u < conf.testShare()) {
            return "test";
        }
        return u < conf.testShare() + conf.valShare() ? "val" : "train";
    }

    public Sample generate(int index) {
        if (index < 0 || index >= conf.images()) {
            throw new IndexOutOfBoundsException("image index " + index + " not in [0, " + conf.images() + ")");
        }
        String id = idOf(index);
        SplittableRandom rng = RandomStreams.forSample(conf.seed(), 0, id, 0);
        Mat image = background(rng);
        List<Box> boxes = new ArrayList<>();
        int minSide = Math.min(conf.width(), conf.height());

        int label = classOfImage[index];
        int primaryMax = (int) (0.65 * minSide);
        int primaryMin = Math.min(primaryMax, Math.max(MEDIUM_MIN_SIDE, (int) (0.35 * minSide)));
        place(image, boxes, label, primaryMin, primaryMax, rng);

        int extras = rng.nextInt(conf.maxExtraObjects() + 1);
        int mediumMax = Math.max(MEDIUM_MIN_SIDE, minSide / 2);
        for (int k = 0; k < extras; k++) {
            place(image, boxes, drawClass(rng), MEDIUM_MIN_SIDE, mediumMax, rng);
        }
        if (rng.nextDouble() < conf.smallObjectShare()) {
            int smalls = 1 + rng.nextInt(3);
            for (int k = 0; k < smalls; k++) {
                place(image, boxes, drawClass(rng), SMALL_MIN_SIDE, SMALL_MAX_SIDE, rng);
            }
        }
        return new Sample(id, image, boxes, label);
    }

    private int drawClass(SplittableRandom rng) {
        double u = rng.nextDouble();
        double cumulative = 0;
        for (int c = 0; c < classWeights.length; c++) {
            cumulative += classWeights[c];
            if (u < cumulative) {
                return c;
            }
        }
        return classWeights.length - 1;
    }

    /** Draws one shape where it overlaps no box yet placed; skips it when no free spot is found. */
    private void place(Mat image, List<Box> boxes, int classId, int minSide, int maxSide, SplittableRandom rng) {
        Shape shape = Shape.values()[classId];
        for (int attempt = 0; attempt < PLACEMENT_TRIES; attempt++) {
            int side = minSide + rng.nextInt(maxSide - minSide + 1);
            int w = side;
            int h = shape == Shape.BAR ? Math.max(3, side / 3) : side;
            if (w >= conf.width() || h >= conf.height()) {
                continue;
            }
            int x = rng.nextInt(conf.width() - w);
            int y = rng.nextInt(conf.height() - h);
            Box box = new Box(classId, x, y, w, h);
            // One pixel of margin so neighbouring shapes never touch.
            Box margin = new Box(classId, x - 1, y - 1, w + 2, h + 2);
            if (boxes.stream().noneMatch(b -> b.intersectionArea(margin) > 0)) {
                draw(image, shape, x, y, w, h, foreground(rng));
                boxes.add(box);
                return;
            }
        }
    }

    /** A smooth mid-grey texture: upscaled random grids at two scales, so there are no flat regions. */
    private Mat background(SplittableRandom rng) {
        int type = conf.channels() == 1 ? CvType.CV_8UC1 : CvType.CV_8UC3;
        Mat coarse = randomGrid(3, 60, 160, type, rng);
        Mat fine = randomGrid(Math.max(4, conf.width() / 6), -25, 25, conf.channels() == 1 ? CvType.CV_32FC1 : CvType.CV_32FC3, rng);
        Mat image = new Mat();
        Imgproc.resize(coarse, image, new Size(conf.width(), conf.height()), 0, 0, Imgproc.INTER_CUBIC);
        Mat detail = new Mat();
        Imgproc.resize(fine, detail, new Size(conf.width(), conf.height()), 0, 0, Imgproc.INTER_LINEAR);
        Mat sum = new Mat();
        image.convertTo(sum, detail.type());
        Core.add(sum, detail, sum);
        sum.convertTo(image, type);
        return image;
    }

    private static Mat randomGrid(int side, double lo, double hi, int type, SplittableRandom rng) {
        Mat grid = new Mat(side, side, type);
        int channels = CvType.channels(type);
        double[] values = new double[channels];
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                for (int k = 0; k < channels; k++) {
                    values[k] = lo + rng.nextDouble() * (hi - lo);
                }
                grid.put(r, c, values);
            }
        }
        return grid;
    }

    /** Bright or dark, so a shape always stands out from the mid-grey background. */
    private Scalar foreground(SplittableRandom rng) {
        boolean bright = rng.nextBoolean();
        double[] v = new double[3];
        for (int k = 0; k < 3; k++) {
            v[k] = bright ? 200 + rng.nextInt(56) : rng.nextInt(41);
        }
        return conf.channels() == 1 ? new Scalar(v[0]) : new Scalar(v[0], v[1], v[2]);
    }

    /** Draws {@code shape} filling exactly the pixels [x, x + w) x [y, y + h) at its extremes. */
    static void draw(Mat image, Shape shape, int x, int y, int w, int h, Scalar colour) {
        int x2 = x + w - 1;
        int y2 = y + h - 1;
        double cx = x + (w - 1) / 2.0;
        double cy = y + (h - 1) / 2.0;
        int thickness = Math.max(1, Math.min(w, h) / 6);
        switch (shape) {
            case CIRCLE -> Imgproc.ellipse(image, new Point(cx, cy), new Size((w - 1) / 2.0, (h - 1) / 2.0),
                    0, 0, 360, colour, -1, Imgproc.LINE_8);
            case SQUARE, BAR -> Imgproc.rectangle(image, new Point(x, y), new Point(x2, y2), colour, -1);
            case TRIANGLE -> polygon(image, colour, new Point(cx, y), new Point(x, y2), new Point(x2, y2));
            case DIAMOND -> polygon(image, colour, new Point(cx, y), new Point(x2, cy), new Point(cx, y2),
                    new Point(x, cy));
            case CROSS -> {
                int half = thickness / 2;
                Imgproc.rectangle(image, new Point(x, cy - half), new Point(x2, cy + half), colour, -1);
                Imgproc.rectangle(image, new Point(cx - half, y), new Point(cx + half, y2), colour, -1);
            }
            case RING -> {
                Imgproc.ellipse(image, new Point(cx, cy), new Size((w - 1) / 2.0, (h - 1) / 2.0),
                        0, 0, 360, colour, -1, Imgproc.LINE_8);
                Scalar hole = colour.val[0] > 128 ? new Scalar(30, 30, 30) : new Scalar(225, 225, 225);
                Imgproc.ellipse(image, new Point(cx, cy), new Size(Math.max(1, (w - 1) / 2.0 - thickness),
                        Math.max(1, (h - 1) / 2.0 - thickness)), 0, 0, 360, hole, -1, Imgproc.LINE_8);
            }
            case STAR -> {
                // A five-pointed star is not as tall as it is wide: stretch the unit star onto the box.
                double[] ux = new double[10];
                double[] uy = new double[10];
                for (int i = 0; i < 10; i++) {
                    double angle = -Math.PI / 2 + i * Math.PI / 5;
                    double r = i % 2 == 0 ? 1.0 : 0.45;
                    ux[i] = r * Math.cos(angle);
                    uy[i] = r * Math.sin(angle);
                }
                double minX = Arrays.stream(ux).min().orElseThrow();
                double maxX = Arrays.stream(ux).max().orElseThrow();
                double minY = Arrays.stream(uy).min().orElseThrow();
                double maxY = Arrays.stream(uy).max().orElseThrow();
                Point[] pts = new Point[10];
                for (int i = 0; i < 10; i++) {
                    pts[i] = new Point(x + (ux[i] - minX) / (maxX - minX) * (w - 1),
                            y + (uy[i] - minY) / (maxY - minY) * (h - 1));
                }
                polygon(image, colour, pts);
            }
        }
    }

    private static void polygon(Mat image, Scalar colour, Point... points) {
        Imgproc.fillPoly(image, List.of(new MatOfPoint(points)), colour, Imgproc.LINE_8);
    }

    private static double[] longTailWeights(int classes, double ratio) {
        double[] w = new double[classes];
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            w[c] = Math.pow(ratio, -(double) c / (classes - 1));
            sum += w[c];
        }
        for (int c = 0; c < classes; c++) {
            w[c] /= sum;
        }
        return w;
    }

    private static int[] shuffledClassAssignment(int[] counts, long seed) {
        int n = Arrays.stream(counts).sum();
        int[] assignment = new int[n];
        int i = 0;
        for (int c = 0; c < counts.length; c++) {
            for (int k = 0; k < counts[c]; k++) {
                assignment[i++] = c;
            }
        }
        // Fisher-Yates with the run's seed: uniform, and the same on every executor.
        SplittableRandom rng = new SplittableRandom(RandomStreams.mix(seed ^ 0x5EED5EEDL));
        for (int k = n - 1; k > 0; k--) {
            int j = rng.nextInt(k + 1);
            int tmp = assignment[k];
            assignment[k] = assignment[j];
            assignment[j] = tmp;
        }
        return assignment;
    }
}
