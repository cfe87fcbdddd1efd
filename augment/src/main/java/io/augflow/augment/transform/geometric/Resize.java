package io.augflow.augment.transform.geometric;

import io.augflow.augment.Sample;
import io.augflow.augment.transform.Transform;
import io.augflow.augment.transform.TransformConfig;
import java.util.SplittableRandom;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Resizes to exactly {@code width} x {@code height}, changing the aspect ratio if needed (see
 * {@link Letterbox} to keep it). A point maps as {@code x' = x * width / W}, {@code y' = y * height / H}.
 *
 * <pre>{ type = resize, p = 1, width = 224, height = 224, interpolation = linear }</pre>
 * {@code width}, {@code height}: required, pixels.
 */
public record Resize(int width, int height, Interpolation interpolation, double p) implements Transform<Resize.Params> {
    public static final String NAME = "resize";

    /** No parameters: the output size is fixed. */
    public record Params() {}

    public Resize {
        Checks.probability(NAME, p);
        Checks.side(NAME, "width", width);
        Checks.side(NAME, "height", height);
        Checks.notNull(NAME, Interpolation.KEY, interpolation);
    }

    public static Resize fromConfig(TransformConfig cfg) {
        return new Resize(Checks.requiredInt(cfg, "width", 1, Checks.MAX_SIDE),
                Checks.requiredInt(cfg, "height", 1, Checks.MAX_SIDE), Interpolation.fromConfig(cfg), cfg.p());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Params sample(Sample sample, SplittableRandom rng) {
        return new Params();
    }

    @Override
    public Sample apply(Sample sample, Params params) {
        return resize(sample, width, height, interpolation);
    }

    /** {@code sample} scaled to {@code w} x {@code h}, boxes with it; always a new Mat. */
    static Sample resize(Sample sample, int w, int h, Interpolation interpolation) {
        Mat out = new Mat();
        Imgproc.resize(sample.image(), out, new Size(w, h), 0, 0, interpolation.cvFlag());
        AffineMap m = AffineMap.scaling((double) w / sample.width(), (double) h / sample.height());
        return sample.with(out, m.mapCorners(sample.boxes()));
    }
}
