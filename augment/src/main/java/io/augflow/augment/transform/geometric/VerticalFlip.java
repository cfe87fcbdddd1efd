package io.augflow.augment.transform.geometric;

import io.augflow.augment.Sample;
import io.augflow.augment.transform.Transform;
import io.augflow.augment.transform.TransformConfig;
import java.util.SplittableRandom;
import org.opencv.core.Core;
import org.opencv.core.Mat;

/**
 * Mirrors the image top to bottom. A box maps as {@code y' = H - y - h}; {@code x}, {@code w}, {@code h}
 * are kept. It has no random parameters beyond {@code p}.
 *
 * <pre>{ type = vertical-flip, p = 0.5 }</pre>
 */
public record VerticalFlip(double p) implements Transform<VerticalFlip.Params> {
    public static final String NAME = "vertical-flip";

    /** No parameters: the flip is fully determined. */
    public record Params() {}

    public VerticalFlip {
        Checks.probability(NAME, p);
    }

    public static VerticalFlip fromConfig(TransformConfig cfg) {
        return new VerticalFlip(cfg.p());
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
        Core.flip(sample.image(), out, 0);
        int height = sample.height();
        return sample.with(out, sample.boxes().stream()
                .map(b -> b.withCoordinates(b.x(), height - b.y() - b.h(), b.w(), b.h()))
                .toList());
    }
}
