package io.augflow.augment.transform.geometric;

import io.augflow.augment.InvalidSampleException;
import io.augflow.augment.Sample;
import io.augflow.augment.transform.Transform;
import io.augflow.augment.transform.TransformConfig;
import java.util.SplittableRandom;
import org.opencv.core.Mat;

/**
 * Cuts a {@code width} x {@code height} window at a uniformly drawn position {@code (x0, y0)}. A box maps
 * as {@code x' = x - x0}, {@code y' = y - y0}, size kept (boxes are clipped later, by the
 * {@code Compose}). An image smaller than the window is bad data: {@link InvalidSampleException} naming
 * the sample.
 *
 * <pre>{ type = random-crop, p = 1, width = 224, height = 224 }</pre>
 * {@code width}, {@code height}: required, pixels.
 */
public record RandomCrop(int width, int height, double p) implements Transform<RandomCrop.Params> {
    public static final String NAME = "random-crop";

    /** Top-left corner of the window. */
    public record Params(int x, int y) {}

    public RandomCrop {
        Checks.probability(NAME, p);
        Checks.side(NAME, "width", width);
        Checks.side(NAME, "height", height);
    }

    public static RandomCrop fromConfig(TransformConfig cfg) {
        return new RandomCrop(Checks.requiredInt(cfg, "width", 1, Checks.MAX_SIDE),
                Checks.requiredInt(cfg, "height", 1, Checks.MAX_SIDE), cfg.p());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Params sample(Sample sample, SplittableRandom rng) {
        if (sample.width() < width || sample.height() < height) {
            throw new InvalidSampleException(sample.id(), NAME + " needs an image of at least " + width + "x"
                    + height + ", got " + sample.width() + "x" + sample.height());
        }
        return new Params(rng.nextInt(sample.width() - width + 1), rng.nextInt(sample.height() - height + 1));
    }

    @Override
    public Sample apply(Sample sample, Params params) {
        return crop(NAME, sample, params.x(), params.y(), width, height);
    }

    /** The window's pixels as a new Mat (never a view of the input) and the boxes shifted into it. */
    static Sample crop(String name, Sample sample, int x, int y, int w, int h) {
        Checks.cropFits(name, sample, x, y, w, h);
        Mat view = sample.image().submat(y, y + h, x, x + w);
        Mat out = view.clone();
        view.release();
        return sample.with(out, AffineMap.translation(-x, -y).mapCorners(sample.boxes()));
    }
}
