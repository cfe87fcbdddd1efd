package io.augflow.augment.transform.photometric;

import io.augflow.augment.Sample;
import io.augflow.augment.random.UniformRange;
import io.augflow.augment.transform.Transform;
import io.augflow.augment.transform.TransformConfig;
import java.util.Objects;
import java.util.SplittableRandom;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Gaussian blur with a drawn standard deviation {@code sigma} (pixels, same on both axes). The kernel
 * side is {@link #kernelSize(double) 2 * ceil(3 * sigma) + 1}: odd, and wide enough to hold 99.7% of the
 * kernel's mass. Borders reflect (OpenCV's {@code BORDER_REFLECT_101}). A drawn {@code sigma} of 0 copies
 * the image.
 *
 * @param sigma range of the standard deviation in pixels, within [0, 50]; default [0.1, 2.0]
 */
public record GaussianBlur(double p, UniformRange sigma) implements Transform<GaussianBlur.Params> {
    public static final String NAME = "gaussian-blur";

    /** The drawn standard deviation in pixels. */
    public record Params(double sigma) {}

    public GaussianBlur {
        Checks.probability(NAME, p);
        Objects.requireNonNull(sigma, "sigma").requireWithin(NAME + ".sigma", 0, 50);
    }

    /** Keys: {@code p}, {@code sigma} (a number v means [v, v]). */
    public static GaussianBlur fromConfig(TransformConfig cfg) {
        return new GaussianBlur(cfg.p(), UniformRange.of(cfg.range("sigma", new double[] {0.1, 2.0}, 0, 50, false)));
    }

    /** The odd kernel side used for {@code sigma}: {@code 2 * ceil(3 * sigma) + 1}. */
    public static int kernelSize(double sigma) {
        return 2 * (int) Math.ceil(3 * sigma) + 1;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Params sample(Sample sample, SplittableRandom rng) {
        return new Params(sigma.draw(rng));
    }

    @Override
    public Sample apply(Sample sample, Params params) {
        double s = params.sigma();
        if (s <= 0) {
            return sample.withImage(sample.image().clone());
        }
        int k = kernelSize(s);
        Mat out = new Mat();
        Imgproc.GaussianBlur(sample.image(), out, new Size(k, k), s, s, Core.BORDER_REFLECT_101);
        return sample.withImage(out);
    }
}
