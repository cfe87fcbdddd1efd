package io.augflow.augment.transform.geometric;

import io.augflow.augment.Sample;
import io.augflow.augment.transform.Transform;
import io.augflow.augment.transform.TransformConfig;
import java.util.SplittableRandom;

/**
 * Fits the image into {@code width} x {@code height} keeping its aspect ratio, then centres it on a
 * {@code fill} background (YOLO's letterbox). With {@code s = min(width / W, height / H)}, scaled size
 * {@code (sw, sh) = (round(W*s), round(H*s))} and offsets {@code left = (width - sw) / 2},
 * {@code top = (height - sh) / 2}, a point maps as
 * <pre>
 *   x' = x * sw / W + left,   y' = y * sh / H + top
 * </pre>
 *
 * <pre>{ type = letterbox, p = 1, width = 640, height = 640, interpolation = linear, fill = 114 }</pre>
 * {@code width}, {@code height}: required, pixels; {@code fill} default 0.
 */
public record Letterbox(int width, int height, Interpolation interpolation, int fill, double p)
        implements Transform<Letterbox.Params> {
    public static final String NAME = "letterbox";

    /** The scaled size of the image and its offsets in the output, computed from the input size. */
    public record Params(int scaledWidth, int scaledHeight, int left, int top) {}

    public Letterbox {
        Checks.probability(NAME, p);
        Checks.side(NAME, "width", width);
        Checks.side(NAME, "height", height);
        Checks.notNull(NAME, Interpolation.KEY, interpolation);
        Checks.fill(NAME, fill);
    }

    public static Letterbox fromConfig(TransformConfig cfg) {
        return new Letterbox(Checks.requiredInt(cfg, "width", 1, Checks.MAX_SIDE),
                Checks.requiredInt(cfg, "height", 1, Checks.MAX_SIDE), Interpolation.fromConfig(cfg),
                BorderMode.fillFromConfig(cfg), cfg.p());
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Not random: the layout depends only on the sample's size. */
    @Override
    public Params sample(Sample sample, SplittableRandom rng) {
        double s = Math.min((double) width / sample.width(), (double) height / sample.height());
        int sw = Math.max(1, Math.min(width, (int) Math.round(sample.width() * s)));
        int sh = Math.max(1, Math.min(height, (int) Math.round(sample.height() * s)));
        return new Params(sw, sh, (width - sw) / 2, (height - sh) / 2);
    }

    @Override
    public Sample apply(Sample sample, Params params) {
        Sample scaled = Resize.resize(sample, params.scaledWidth(), params.scaledHeight(), interpolation);
        Pad.Params border = new Pad.Params(params.top(), height - params.scaledHeight() - params.top(),
                params.left(), width - params.scaledWidth() - params.left());
        Sample out = Pad.pad(scaled, border, BorderMode.CONSTANT, fill);
        scaled.image().release();
        return out;
    }
}
