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
 * Additive Gaussian noise: {@code out = saturate(in + N(mean, std^2))}, independent per pixel and
 * channel, with {@code std} and {@code mean} drawn per sample.
 *
 * <p>Why a Java loop: OpenCV's {@code Core.randn} draws from a process-wide RNG ({@code theRNG()},
 * seeded only through the global {@code Core.setRNGSeed}), which would make the noise depend on thread
 * scheduling and break "same seed, same bytes". So {@link #sample} draws a 64-bit seed, and
 * {@link #apply} fills one float buffer from a {@link SplittableRandom} on that seed, puts it into a Mat
 * once and adds it with {@link Core#add} (saturating, rounding to nearest).
 *
 * @param std  range of the standard deviation in 8-bit units, within [0, 255]; default [5, 20]
 * @param mean range of the mean in 8-bit units, within [-255, 255]; default [0, 0]
 */
public record GaussianNoise(double p, UniformRange std, UniformRange mean) implements Transform<GaussianNoise.Params> {
    public static final String NAME = "gaussian-noise";

    /** The drawn distribution and the seed of the per-pixel noise. */
    public record Params(double mean, double std, long seed) {}

    public GaussianNoise {
        Checks.probability(NAME, p);
        Objects.requireNonNull(std, "std").requireWithin(NAME + ".std", 0, 255);
        Objects.requireNonNull(mean, "mean").requireWithin(NAME + ".mean", -255, 255);
    }

    /** Keys: {@code p}, {@code std} and {@code mean} (a number v means [v, v]). */
    public static GaussianNoise fromConfig(TransformConfig cfg) {
        return new GaussianNoise(cfg.p(),
                UniformRange.of(cfg.range("std", new double[] {5, 20}, 0, 255, false)),
                UniformRange.of(cfg.range("mean", new double[] {0, 0}, -255, 255, false)));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Params sample(Sample sample, SplittableRandom rng) {
        double m = mean.draw(rng);
        double s = std.draw(rng);
        return new Params(m, s, rng.nextLong());
    }

    @Override
    public Sample apply(Sample sample, Params params) {
        Mat image = sample.image();
        int channels = image.channels();
        float[] noise = new float[(int) image.total() * channels];
        SplittableRandom rng = new SplittableRandom(params.seed());
        double m = params.mean();
        double s = params.std();
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (m + s * rng.nextGaussian());
        }
        Mat noiseMat = new Mat(image.rows(), image.cols(), CvType.CV_32FC(channels));
        noiseMat.put(0, 0, noise);
        Mat out = new Mat();
        Core.add(image, noiseMat, out, new Mat(), CvType.CV_8U);
        noiseMat.release();
        return sample.withImage(out);
    }
}
