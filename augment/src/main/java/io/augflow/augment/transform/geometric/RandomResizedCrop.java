package io.augflow.augment.transform.geometric;

import io.augflow.augment.Box;
import io.augflow.augment.Sample;
import io.augflow.augment.random.UniformRange;
import io.augflow.augment.transform.Transform;
import io.augflow.augment.transform.TransformConfig;
import java.util.Optional;
import java.util.SplittableRandom;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Crops a random window and resizes it to {@code width} x {@code height} (Inception-style, as
 * torchvision's {@code RandomResizedCrop}). With the window {@code (x0, y0, cw, ch)} a point maps as
 * <pre>
 *   x' = (x - x0) * width / cw,   y' = (y - y0) * height / ch
 * </pre>
 * The window: up to 10 tries of an area share drawn from {@code scale} and a log-uniform aspect ratio
 * (w/h) from {@code ratio}, placed uniformly; if none fits, the centred largest window whose ratio is
 * clamped to {@code ratio}.
 *
 * <p>With {@code safe = true} the window always contains every box (the part of it inside the image):
 * each edge is drawn uniformly between the union of the boxes and the image edge, so {@code scale} and
 * {@code ratio} do not apply; with no box inside the image it falls back to the plain draw.
 *
 * <pre>
 * { type = random-resized-crop, p = 1, width = 224, height = 224, scale = [0.08, 1], ratio = [0.75, 1.3333],
 *   interpolation = linear, safe = false }
 * </pre>
 * {@code width}, {@code height}: required; {@code scale} within (0, 1]; {@code ratio} within [0.01, 100].
 */
public record RandomResizedCrop(int width, int height, UniformRange scale, UniformRange ratio,
        Interpolation interpolation, boolean safe, double p) implements Transform<RandomResizedCrop.Params> {
    public static final String NAME = "random-resized-crop";
    public static final UniformRange DEFAULT_SCALE = new UniformRange(0.08, 1.0);
    public static final UniformRange DEFAULT_RATIO = new UniformRange(3.0 / 4.0, 4.0 / 3.0);
    private static final int TRIES = 10;

    /** The window cut from the input, before the resize. */
    public record Params(int x, int y, int w, int h) {}

    public RandomResizedCrop {
        Checks.probability(NAME, p);
        Checks.side(NAME, "width", width);
        Checks.side(NAME, "height", height);
        Checks.notNull(NAME, "scale", scale).requireWithin(NAME + ".scale", 0, 1);
        if (scale.high() <= 0) {
            throw new IllegalArgumentException(NAME + ".scale must reach above 0, got " + scale);
        }
        Checks.notNull(NAME, "ratio", ratio).requireWithin(NAME + ".ratio", 0.01, 100);
        Checks.notNull(NAME, Interpolation.KEY, interpolation);
    }

    public static RandomResizedCrop fromConfig(TransformConfig cfg) {
        return new RandomResizedCrop(
                Checks.requiredInt(cfg, "width", 1, Checks.MAX_SIDE),
                Checks.requiredInt(cfg, "height", 1, Checks.MAX_SIDE),
                UniformRange.of(cfg.range("scale", DEFAULT_SCALE.pair(), 0, 1, false)),
                UniformRange.of(cfg.range("ratio", DEFAULT_RATIO.pair(), 0.01, 100, false)),
                Interpolation.fromConfig(cfg),
                cfg.bool("safe", false),
                cfg.p());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Params sample(Sample sample, SplittableRandom rng) {
        if (safe) {
            Optional<Params> around = aroundBoxes(sample, rng);
            if (around.isPresent()) {
                return around.get();
            }
        }
        return plain(sample.width(), sample.height(), rng);
    }

    private Params plain(int imageW, int imageH, SplittableRandom rng) {
        double area = (double) imageW * imageH;
        double logLow = Math.log(ratio.low());
        double logHigh = Math.log(ratio.high());
        for (int i = 0; i < TRIES; i++) {
            double target = area * scale.draw(rng);
            double aspect = Math.exp(new UniformRange(logLow, logHigh).draw(rng));
            int cw = (int) Math.round(Math.sqrt(target * aspect));
            int ch = (int) Math.round(Math.sqrt(target / aspect));
            if (cw > 0 && ch > 0 && cw <= imageW && ch <= imageH) {
                return new Params(rng.nextInt(imageW - cw + 1), rng.nextInt(imageH - ch + 1), cw, ch);
            }
        }
        double imageRatio = (double) imageW / imageH;
        int cw = imageW;
        int ch = imageH;
        if (imageRatio < ratio.low()) {
            ch = Math.max(1, Math.min(imageH, (int) Math.round(imageW / ratio.low())));
        } else if (imageRatio > ratio.high()) {
            cw = Math.max(1, Math.min(imageW, (int) Math.round(imageH * ratio.high())));
        }
        return new Params((imageW - cw) / 2, (imageH - ch) / 2, cw, ch);
    }

    /** A window holding the union of the boxes; empty when no box is inside the image. */
    private static Optional<Params> aroundBoxes(Sample sample, SplittableRandom rng) {
        int imageW = sample.width();
        int imageH = sample.height();
        double ux1 = Double.POSITIVE_INFINITY;
        double uy1 = Double.POSITIVE_INFINITY;
        double ux2 = Double.NEGATIVE_INFINITY;
        double uy2 = Double.NEGATIVE_INFINITY;
        for (Box box : sample.boxes()) {
            Box inside = box.clippedTo(imageW, imageH);
            if (inside.area() <= 0) {
                continue;
            }
            ux1 = Math.min(ux1, inside.x());
            uy1 = Math.min(uy1, inside.y());
            ux2 = Math.max(ux2, inside.x2());
            uy2 = Math.max(uy2, inside.y2());
        }
        if (ux1 > ux2) {
            return Optional.empty();
        }
        int[] xs = edges((int) Math.floor(ux1), (int) Math.ceil(ux2), imageW, rng);
        int[] ys = edges((int) Math.floor(uy1), (int) Math.ceil(uy2), imageH, rng);
        return Optional.of(new Params(xs[0], ys[0], xs[1] - xs[0], ys[1] - ys[0]));
    }

    /** Start in [0, lo], end in [hi, size], at least one pixel apart. */
    private static int[] edges(int lo, int hi, int size, SplittableRandom rng) {
        int start = rng.nextInt(lo + 1);
        int end = hi + rng.nextInt(size - hi + 1);
        if (end <= start) {
            if (end < size) {
                end = start + 1;
            } else {
                start = end - 1;
            }
        }
        return new int[] {start, end};
    }

    /** The map of a crop window resized to {@code width} x {@code height}. */
    public AffineMap map(Params params) {
        return AffineMap.translation(-params.x(), -params.y())
                .then(AffineMap.scaling((double) width / params.w(), (double) height / params.h()));
    }

    @Override
    public Sample apply(Sample sample, Params params) {
        Checks.cropFits(NAME, sample, params.x(), params.y(), params.w(), params.h());
        Mat view = sample.image().submat(params.y(), params.y() + params.h(), params.x(), params.x() + params.w());
        Mat out = new Mat();
        Imgproc.resize(view, out, new Size(width, height), 0, 0, interpolation.cvFlag());
        view.release();
        return sample.with(out, map(params).mapCorners(sample.boxes()));
    }
}
