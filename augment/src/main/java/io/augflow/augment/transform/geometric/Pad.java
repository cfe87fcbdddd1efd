package io.augflow.augment.transform.geometric;

import io.augflow.augment.Sample;
import io.augflow.augment.transform.Transform;
import io.augflow.augment.transform.TransformConfig;
import java.util.SplittableRandom;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

/**
 * Adds borders: first the fixed {@code top}, {@code bottom}, {@code left}, {@code right} pixels, then, if
 * the result is narrower than {@code min-width} (lower than {@code min-height}), the missing pixels split
 * evenly between both sides (the odd one right / bottom). A box maps as {@code x' = x + left},
 * {@code y' = y + top}. New pixels come from {@code border}.
 *
 * <pre>
 * { type = pad, p = 1, top = 0, bottom = 0, left = 0, right = 0, min-width = 0, min-height = 0,
 *   border = constant, fill = 0 }
 * </pre>
 * Every size key defaults to 0 (nothing); all are pixels.
 */
public record Pad(int top, int bottom, int left, int right, int minWidth, int minHeight, BorderMode border,
        int fill, double p) implements Transform<Pad.Params> {
    public static final String NAME = "pad";

    /** The border added on each side for this sample. */
    public record Params(int top, int bottom, int left, int right) {}

    public Pad {
        Checks.probability(NAME, p);
        nonNegative("top", top);
        nonNegative("bottom", bottom);
        nonNegative("left", left);
        nonNegative("right", right);
        nonNegative("min-width", minWidth);
        nonNegative("min-height", minHeight);
        Checks.notNull(NAME, BorderMode.KEY, border);
        Checks.fill(NAME, fill);
    }

    private static void nonNegative(String key, int value) {
        if (value < 0 || value > Checks.MAX_SIDE) {
            throw new IllegalArgumentException(NAME + "." + key + " must be in [0, " + Checks.MAX_SIDE + "], got "
                    + value);
        }
    }

    public static Pad fromConfig(TransformConfig cfg) {
        int max = Checks.MAX_SIDE;
        return new Pad(cfg.intIn("top", 0, 0, max), cfg.intIn("bottom", 0, 0, max), cfg.intIn("left", 0, 0, max),
                cfg.intIn("right", 0, 0, max), cfg.intIn("min-width", 0, 0, max), cfg.intIn("min-height", 0, 0, max),
                BorderMode.fromConfig(cfg), BorderMode.fillFromConfig(cfg), cfg.p());
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Not random: the amounts depend only on the sample's size. */
    @Override
    public Params sample(Sample sample, SplittableRandom rng) {
        int extraW = Math.max(0, minWidth - (sample.width() + left + right));
        int extraH = Math.max(0, minHeight - (sample.height() + top + bottom));
        return new Params(top + extraH / 2, bottom + extraH - extraH / 2, left + extraW / 2,
                right + extraW - extraW / 2);
    }

    @Override
    public Sample apply(Sample sample, Params params) {
        return pad(sample, params, border, fill);
    }

    static Sample pad(Sample sample, Params params, BorderMode border, int fill) {
        Mat out = new Mat();
        Core.copyMakeBorder(sample.image(), out, params.top(), params.bottom(), params.left(), params.right(),
                border.cvFlag(), Scalar.all(fill));
        return sample.with(out, AffineMap.translation(params.left(), params.top()).mapCorners(sample.boxes()));
    }
}
