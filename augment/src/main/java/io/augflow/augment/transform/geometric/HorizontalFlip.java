package io.augflow.augment.transform.geometric;

import io.augflow.augment.Box;
import io.augflow.augment.Sample;
import io.augflow.augment.transform.Transform;
import io.augflow.augment.transform.TransformConfig;
import java.util.SplittableRandom;
import org.opencv.core.Core;
import org.opencv.core.Mat;

/**
 * Mirrors the image left to right. A box maps as {@code x' = W - x - w}; {@code y}, {@code w}, {@code h}
 * are kept. It has no random parameters beyond {@code p}.
 */
public record HorizontalFlip(double p) implements Transform<HorizontalFlip.Params> {
    public static final String NAME = "horizontal-flip";

    /** No parameters: the flip is fully determined. */
    public record Params() {}

    public HorizontalFlip {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(NAME + ".p must be in [0, 1], got " + p);
        }
    }

    public static HorizontalFlip fromConfig(TransformConfig cfg) {
        return new HorizontalFlip(cfg.p());
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
        Mat out = new Mat();
        Core.flip(sample.image(), out, 1);
        int width = sample.width();
        return sample.with(out, sample.boxes().stream()
                .map(b -> b.withCoordinates(width - b.x() - b.w(), b.y(), b.w(), b.h()))
                .toList());
    }
}
