package io.augflow.augment.copypaste;

import io.augflow.augment.Box;
import io.augflow.augment.BoxCoverage;
import io.augflow.augment.Sample;
import io.augflow.augment.random.UniformIntRange;
import io.augflow.augment.random.UniformRange;
import io.augflow.augment.transform.Transform;
import io.augflow.augment.transform.TransformConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Small-object copy-paste after Kisantal et al. 2019 ("Augmentation for small object detection"), boxes
 * only: small objects are copied, possibly several times, to free places of the image, so the detector
 * sees more of the objects it misses most.
 *
 * <p><b>Candidates.</b> With {@code source} {@code same-image} or {@code both}, every box of the sample
 * whose area is below {@link #smallThreshold} (a box of {@code smallArea} pixels, or
 * {@code smallAreaFraction} of the image area when that is above 0), which covers at least one pixel and
 * which is not a crowd region ({@link Box#crowd}: one box over many instances is no object to copy);
 * with {@code bank} or {@code both}, every donor of {@link #bank()}. The bank is an input built by the
 * pipeline; a transform made from configuration has an empty one until {@link #withBank} gives it one.
 *
 * <p><b>Draw</b> ({@link #sample}). Objects are picked without replacement, at most {@code maxObjects}
 * times, each with weight {@code (1 / n_c)^rareClassBias}, where {@code n_c} is the number of candidates of
 * its class (0 = uniform over candidates; 1 = every class equally likely). Each picked object gets
 * {@code copies} copies, each with a scale from {@code scale} and, when {@code flip}, a fair coin for a
 * horizontal flip. A copy's position is drawn uniformly among those that keep it inside the image, up to
 * {@code placementAttempts} times, until its box overlaps every existing and already-pasted box by at most
 * {@code maxOverlap} of its own area; otherwise that copy is given up. At most {@code maxObjects} copies
 * are pasted in all.
 *
 * <p><b>Apply</b> (pure). Each copy is cut from the input image (same-image) or the donor patch (bank),
 * converted to the image's channel count, resized, flipped, and written over the image: {@code hard}
 * replaces the pixels, {@code feather} mixes them with an alpha that is 1 inside the patch and falls off
 * at its edges (a box of ones blurred with a Gaussian of {@code featherSigma}, zero outside), so every
 * output pixel lies between the two sources. Pasted boxes carry their class and {@code pasted = true}.
 * A box (existing, or pasted earlier) whose area is covered by the later pasted boxes beyond
 * {@code maxCovered} is dropped; with {@code maxOverlap = 0} pasted boxes touch no other box, so nothing
 * is dropped.
 */
public record CopyPasteTransform(
        double p,
        double smallArea,
        double smallAreaFraction,
        Source source,
        double rareClassBias,
        UniformIntRange copies,
        int maxObjects,
        double maxOverlap,
        int placementAttempts,
        UniformRange scale,
        boolean flip,
        Blend blend,
        double featherSigma,
        double maxCovered,
        DonorBank bank) implements Transform<CopyPasteTransform.Params> {

    public static final String NAME = "copy-paste";

    /** Where candidates come from. */
    public enum Source {
        SAME_IMAGE, BANK, BOTH
    }

    /** How a copy meets the image. */
    public enum Blend { HARD, FEATHER }

    /** Where one placement's pixels come from. */
    public enum Origin { SAME_IMAGE, BANK }

    /**
     * One pasted copy: from {@code origin} at {@code index} (a box index of the input sample, or a donor
     * index in {@link DonorBank#all()}), with class {@code classId}, written at ({@code x}, {@code y}) with
     * size {@code width} x {@code height} = the source size times {@code scale}, rounded, flipped or not.
     */
    public record Placement(Origin origin, int index, int classId, int x, int y, int width, int height,
            double scale, boolean flip) {
        public Placement {
            Objects.requireNonNull(origin, "origin");
            if (width < 1 || height < 1 || x < 0 || y < 0) {
                throw new IllegalArgumentException("a placement needs x, y >= 0 and size >= 1, got x=" + x
                        + " y=" + y + " width=" + width + " height=" + height);
            }
        }

        public Box box() {
            return new Box(classId, x, y, width, height, true);
        }
    }

    /** The drawn placements, in paste order. */
    public record Params(List<Placement> placements) {
        public Params {
            placements = List.copyOf(placements);
        }
    }

    public CopyPasteTransform {
        check("p", p, 0, 1);
        check("small-area", smallArea, 0, 1e9);
        check("small-area-fraction", smallAreaFraction, 0, 1);
        Objects.requireNonNull(source, "source");
        check("rare-class-bias", rareClassBias, 0, 10);
        Objects.requireNonNull(copies, "copies").requireWithin(NAME + ".copies", 1, 100);
        check("max-objects", maxObjects, 0, 1000);
        check("max-overlap", maxOverlap, 0, 1);
        check("placement-attempts", placementAttempts, 1, 1000);
        Objects.requireNonNull(scale, "scale").requireWithin(NAME + ".scale", 0.05, 20);
        Objects.requireNonNull(blend, "blend");
        check("feather-sigma", featherSigma, 0.1, 50);
        check("max-covered", maxCovered, 0, 1);
        Objects.requireNonNull(bank, "bank");
    }

    /**
     * Keys and defaults: {@code p} 0.5, {@code small-area} 1024, {@code small-area-fraction} 0 (unset),
     * {@code source} both, {@code rare-class-bias} 0, {@code copies} [1, 3], {@code max-objects} 10,
     * {@code max-overlap} 0, {@code placement-attempts} 20, {@code scale} [0.8, 1.2], {@code flip} true,
     * {@code blend} hard, {@code feather-sigma} 1.0, {@code max-covered} 0.5. The bank starts empty.
     */
    public static CopyPasteTransform fromConfig(TransformConfig cfg) {
        String src = cfg.choice("source", "both", Set.of("same-image", "bank", "both"));
        String bl = cfg.choice("blend", "hard", Set.of("hard", "feather"));
        return new CopyPasteTransform(
                cfg.p(),
                cfg.doubleIn("small-area", 32 * 32, 0, 1e9),
                cfg.doubleIn("small-area-fraction", 0, 0, 1),
                Source.valueOf(src.toUpperCase(Locale.ROOT).replace('-', '_')),
                cfg.doubleIn("rare-class-bias", 0, 0, 10),
                UniformIntRange.of(cfg.range("copies", new double[] {1, 3}, 1, 100, false), NAME + ".copies"),
                cfg.intIn("max-objects", 10, 0, 1000),
                cfg.doubleIn("max-overlap", 0, 0, 1),
                cfg.intIn("placement-attempts", 20, 1, 1000),
                UniformRange.of(cfg.range("scale", new double[] {0.8, 1.2}, 0.05, 20, false)),
                cfg.bool("flip", true),
                Blend.valueOf(bl.toUpperCase(Locale.ROOT)),
                cfg.doubleIn("feather-sigma", 1.0, 0.1, 50),
                cfg.doubleIn("max-covered", 0.5, 0, 1),
                DonorBank.empty());
    }

    /** The same transform drawing from {@code newBank}. */
    public CopyPasteTransform withBank(DonorBank newBank) {
        return new CopyPasteTransform(p, smallArea, smallAreaFraction, source, rareClassBias, copies, maxObjects,
                maxOverlap, placementAttempts, scale, flip, blend, featherSigma, maxCovered, newBank);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** A box of this area or more, in pixels, is not small in a {@code width} x {@code height} image. */
    public double smallThreshold(int width, int height) {
        return smallAreaFraction > 0 ? smallAreaFraction * width * height : smallArea;
    }

    /** A candidate object: where it comes from and its source size. */
    private record Candidate(Origin origin, int index, int classId, int width, int height) {}

    @Override
    public Params sample(Sample sample, SplittableRandom rng) {
        List<Candidate> pool = candidates(sample);
        if (pool.isEmpty() || maxObjects == 0) {
            return new Params(List.of());
        }
        double[] weights = weights(pool);
        int width = sample.width();
        int height = sample.height();
        List<Box> occupied = new ArrayList<>(sample.boxes());
        List<Placement> placed = new ArrayList<>();
        for (int pick = 0; pick < maxObjects && placed.size() < maxObjects; pick++) {
            int chosen = pickWeighted(weights, rng);
            if (chosen < 0) {
                break;
            }
            weights[chosen] = 0;
            Candidate c = pool.get(chosen);
            int k = copies.draw(rng);
            for (int copy = 0; copy < k && placed.size() < maxObjects; copy++) {
                double s = scale.draw(rng);
                boolean flipped = flip && rng.nextBoolean();
                int w = Math.max(1, (int) Math.round(c.width() * s));
                int h = Math.max(1, (int) Math.round(c.height() * s));
                if (w > width || h > height) {
                    continue;
                }
                for (int attempt = 0; attempt < placementAttempts; attempt++) {
                    int x = rng.nextInt(0, width - w + 1);
                    int y = rng.nextInt(0, height - h + 1);
                    if (fits(x, y, w, h, occupied)) {
                        Placement placement = new Placement(c.origin(), c.index(), c.classId(), x, y, w, h, s, flipped);
                        placed.add(placement);
                        occupied.add(placement.box());
                        break;
                    }
                }
            }
        }
        return new Params(placed);
    }

    private List<Candidate> candidates(Sample sample) {
        List<Candidate> pool = new ArrayList<>();
        if (source != Source.BANK) {
            double threshold = smallThreshold(sample.width(), sample.height());
            List<Box> boxes = sample.boxes();
            for (int i = 0; i < boxes.size(); i++) {
                Box b = boxes.get(i);
                Rect crop = crop(b, sample.width(), sample.height());
                if (!b.crowd() && b.area() < threshold && crop.width >= 1 && crop.height >= 1) {
                    pool.add(new Candidate(Origin.SAME_IMAGE, i, b.classId(), crop.width, crop.height));
                }
            }
        }
        if (source != Source.SAME_IMAGE) {
            List<Donor> donors = bank.all();
            for (int i = 0; i < donors.size(); i++) {
                Donor d = donors.get(i);
                pool.add(new Candidate(Origin.BANK, i, d.classId(), d.width(), d.height()));
            }
        }
        return pool;
    }

    /** {@code (1 / n_c)^rareClassBias} per candidate, {@code n_c} counted over the pool. */
    private double[] weights(List<Candidate> pool) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (Candidate c : pool) {
            counts.merge(c.classId(), 1, Integer::sum);
        }
        double[] w = new double[pool.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = rareClassBias == 0 ? 1.0 : Math.pow(1.0 / counts.get(pool.get(i).classId()), rareClassBias);
        }
        return w;
    }

    /** An index drawn with probability proportional to its weight; -1 when all weights are 0. */
    private static int pickWeighted(double[] weights, SplittableRandom rng) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        if (total <= 0) {
            return -1;
        }
        double u = rng.nextDouble() * total;
        int last = -1;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] > 0) {
                last = i;
                u -= weights[i];
                if (u < 0) {
                    return i;
                }
            }
        }
        return last;
    }

    /** Whether the box (x, y, w, h) overlaps each occupied box by at most {@code maxOverlap} of its area. */
    private boolean fits(int x, int y, int w, int h, List<Box> occupied) {
        double limit = maxOverlap * w * h + 1e-6;
        for (Box o : occupied) {
            double iw = Math.min(x + w, o.x2()) - Math.max(x, o.x());
            double ih = Math.min(y + h, o.y2()) - Math.max(y, o.y());
            if (iw > 0 && ih > 0 && iw * ih > limit) {
                return false;
            }
        }
        return true;
    }

    /** The whole-pixel rectangle of a box inside the image (possibly empty). */
    static Rect crop(Box b, int width, int height) {
        int x1 = (int) Math.max(0, Math.min(width, Math.round(b.x())));
        int y1 = (int) Math.max(0, Math.min(height, Math.round(b.y())));
        int x2 = (int) Math.max(0, Math.min(width, Math.round(b.x2())));
        int y2 = (int) Math.max(0, Math.min(height, Math.round(b.y2())));
        return new Rect(x1, y1, Math.max(0, x2 - x1), Math.max(0, y2 - y1));
    }

    @Override
    public Sample apply(Sample sample, Params params) {
        if (params.placements().isEmpty()) {
            return sample;
        }
        Mat out = sample.image().clone();
        List<Box> pasted = new ArrayList<>(params.placements().size());
        for (Placement pl : params.placements()) {
            if (pl.x() + pl.width() > out.cols() || pl.y() + pl.height() > out.rows()) {
                throw new IllegalArgumentException(NAME + ": placement " + pl + " does not fit in a "
                        + out.cols() + "x" + out.rows() + " image");
            }
            Mat patch = patch(sample, pl, out.channels());
            Mat roi = out.submat(new Rect(pl.x(), pl.y(), pl.width(), pl.height()));
            if (blend == Blend.HARD) {
                patch.copyTo(roi);
            } else {
                feather(patch, roi);
            }
            roi.release();
            patch.release();
            pasted.add(pl.box());
        }
        List<Box> boxes = new ArrayList<>(sample.boxes().size() + pasted.size());
        for (Box b : sample.boxes()) {
            if (BoxCoverage.coveredFraction(b, pasted) <= maxCovered + 1e-9) {
                boxes.add(b);
            }
        }
        for (int i = 0; i < pasted.size(); i++) {
            if (BoxCoverage.coveredFraction(pasted.get(i), pasted.subList(i + 1, pasted.size())) <= maxCovered + 1e-9) {
                boxes.add(pasted.get(i));
            }
        }
        return sample.with(out, boxes);
    }

    /** The copy's pixels: cut, converted to {@code channels}, resized and flipped; a new Mat. */
    private Mat patch(Sample sample, Placement pl, int channels) {
        Mat source;
        if (pl.origin() == Origin.BANK) {
            if (pl.index() < 0 || pl.index() >= bank.size()) {
                throw new IllegalArgumentException(NAME + ": placement donor index " + pl.index()
                        + " is outside the bank of " + bank.size() + " donors");
            }
            source = bank.all().get(pl.index()).patch();
        } else {
            if (pl.index() < 0 || pl.index() >= sample.boxes().size()) {
                throw new IllegalArgumentException(NAME + ": placement box index " + pl.index()
                        + " is outside the sample's " + sample.boxes().size() + " boxes");
            }
            source = sample.image().submat(crop(sample.boxes().get(pl.index()), sample.width(), sample.height()));
        }
        Mat m = new Mat();
        if (source.channels() == channels) {
            source.copyTo(m);
        } else {
            Imgproc.cvtColor(source, m, channels == 3 ? Imgproc.COLOR_GRAY2BGR : Imgproc.COLOR_BGR2GRAY);
        }
        if (pl.origin() == Origin.SAME_IMAGE) {
            source.release(); // our submat header; the image itself lives on
        }
        if (m.cols() != pl.width() || m.rows() != pl.height()) {
            boolean shrink = pl.width() * pl.height() < m.cols() * m.rows();
            Mat resized = new Mat();
            Imgproc.resize(m, resized, new Size(pl.width(), pl.height()), 0, 0,
                    shrink ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
            m.release();
            m = resized;
        }
        if (pl.flip()) {
            Core.flip(m, m, 1);
        }
        return m;
    }

    /** {@code roi = roi + alpha * (patch - roi)} in float, alpha a blurred box of ones (0 outside). */
    private void feather(Mat patch, Mat roi) {
        int k = 2 * (int) Math.ceil(3 * featherSigma) + 1;
        Mat alpha = new Mat(patch.rows(), patch.cols(), CvType.CV_32FC1, new Scalar(1));
        Imgproc.GaussianBlur(alpha, alpha, new Size(k, k), featherSigma, featherSigma, Core.BORDER_CONSTANT);
        Imgproc.threshold(alpha, alpha, 1, 1, Imgproc.THRESH_TRUNC);
        if (patch.channels() == 3) {
            Mat single = alpha;
            alpha = new Mat();
            Core.merge(List.of(single, single, single), alpha);
            single.release();
        }
        Mat p = new Mat();
        Mat r = new Mat();
        patch.convertTo(p, CvType.CV_32F);
        roi.convertTo(r, CvType.CV_32F);
        Core.subtract(p, r, p);
        Core.multiply(p, alpha, p);
        Core.add(r, p, r);
        r.convertTo(roi, CvType.CV_8U);
        alpha.release();
        p.release();
        r.release();
    }

    private static void check(String key, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(NAME + "." + key + " must be in [" + fmt(min) + ", " + fmt(max)
                    + "], got " + fmt(value));
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
