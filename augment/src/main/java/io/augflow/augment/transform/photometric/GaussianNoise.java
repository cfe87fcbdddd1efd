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
 * <p>How the noise stays a pure function of the draw: OpenCV's {@code Core.randn} draws from {@code theRNG()},
 * which OpenCV keeps per thread, and {@code Core.setRNGSeed} reseeds the calling thread's generator. So
 * {@link #sample} draws a seed, and {@link #apply} reseeds this thread's generator with it immediately before
 * {@code randn} on the same thread: the noise depends on the seed only, never on which thread ran before
 * (the contract test checks the bytes on 4 threads). {@link Core#add} then adds it, saturating and rounding to
 * nearest. This is the bare OpenCV {@code randn + add} path, about twice as fast as drawing the noise in Java.
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
        Mat noiseMat = new Mat(image.rows(), image.cols(), CvType.CV_32FC(image.channels()));
        long seed = params.seed();
        Core.setRNGSeed((int) (seed ^ (seed >>> 32)));
        Core.randn(noiseMat, params.mean(), params.std());
        Mat out = new Mat();
        Core.add(image, noiseMat, out, new Mat(), CvType.CV_8U);
        noiseMat.release();
        return sample.withImage(out);
    }
}
