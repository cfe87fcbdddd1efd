package io.augflow.augment.transform.photometric;

import io.augflow.augment.Sample;
import io.augflow.augment.random.UniformRange;
import io.augflow.augment.transform.Transform;
import io.augflow.augment.transform.TransformConfig;
import java.util.Objects;
import java.util.SplittableRandom;
import org.opencv.core.Mat;

/**
 * Linear brightness and contrast change: {@code out = saturate(in * (1 + c) + b * 255)} on every channel,
 * with {@code b} drawn from {@code brightness} (a fraction of the 8-bit range) and {@code c} from
 * {@code contrast}. One {@link Mat#convertTo} call does it and saturates to [0, 255].
 *
 * @param brightness range of {@code b}, within [-1, 1]; default [-0.2, 0.2]
 * @param contrast   range of {@code c}, within [-1, 1]; default [-0.2, 0.2] ({@code c = -1} makes the
 *                   image flat)
 */
public record BrightnessContrast(double p, UniformRange brightness, UniformRange contrast)
        implements Transform<BrightnessContrast.Params> {
    public static final String NAME = "brightness-contrast";

    /** The drawn brightness offset (fraction of 255) and contrast change. */
    public record Params(double brightness, double contrast) {}

    public BrightnessContrast {
        Checks.probability(NAME, p);
        Objects.requireNonNull(brightness, "brightness").requireWithin(NAME + ".brightness", -1, 1);
        Objects.requireNonNull(contrast, "contrast").requireWithin(NAME + ".contrast", -1, 1);
    }

    /** Keys: {@code p}, {@code brightness}, {@code contrast} (a number v means [-v, v]). */
    public static BrightnessContrast fromConfig(TransformConfig cfg) {
        return new BrightnessContrast(cfg.p(),
                UniformRange.of(cfg.range("brightness", new double[] {-0.2, 0.2}, -1, 1, true)),
                UniformRange.of(cfg.range("contrast", new double[] {-0.2, 0.2}, -1, 1, true)));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Params sample(Sample sample, SplittableRandom rng) {
        return new Params(brightness.draw(rng), contrast.draw(rng));
    }

    @Override
    public Sample apply(Sample sample, Params params) {
        Mat out = new Mat();
        sample.image().convertTo(out, -1, 1 + params.contrast(), params.brightness() * 255);
        return sample.withImage(out);
    }
}
