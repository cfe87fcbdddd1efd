package io.augflow.augment.transform.photometric;

import io.augflow.augment.Sample;
import io.augflow.augment.random.UniformRange;
import io.augflow.augment.transform.Transform;
import io.augflow.augment.transform.TransformConfig;
import java.util.Objects;
import java.util.SplittableRandom;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * Gamma correction, {@code out = round(255 * (in / 255)^gamma)} on every channel, through one 256-entry
 * lookup table ({@link Core#LUT}). {@code gamma < 1} brightens the mid-tones, {@code gamma > 1} darkens
 * them; 0 and 255 stay where they are.
 *
 * @param gamma range of the exponent, within [0.05, 20]; default [0.8, 1.2]
 */
public record Gamma(double p, UniformRange gamma) implements Transform<Gamma.Params> {
    public static final String NAME = "gamma";

    /** The drawn exponent. */
    public record Params(double gamma) {}

    public Gamma {
        Checks.probability(NAME, p);
        Objects.requireNonNull(gamma, "gamma").requireWithin(NAME + ".gamma", 0.05, 20);
    }

    /** Keys: {@code p}, {@code gamma} (a number v means [v, v]). */
    public static Gamma fromConfig(TransformConfig cfg) {
        return new Gamma(cfg.p(), UniformRange.of(cfg.range("gamma", new double[] {0.8, 1.2}, 0.05, 20, false)));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Params sample(Sample sample, SplittableRandom rng) {
        return new Params(gamma.draw(rng));
    }

    @Override
    public Sample apply(Sample sample, Params params) {
        byte[] table = new byte[256];
        for (int i = 0; i < 256; i++) {
            table[i] = (byte) Math.round(255 * Math.pow(i / 255.0, params.gamma()));
        }
        Mat lut = new Mat(1, 256, CvType.CV_8UC1);
        lut.put(0, 0, table);
        Mat out = new Mat();
        Core.LUT(sample.image(), lut, out);
        lut.release();
        return sample.withImage(out);
    }
}
