package io.augflow.augment.transform.geometric;

import io.augflow.augment.Box;
import io.augflow.augment.Sample;
import io.augflow.augment.random.UniformRange;
import io.augflow.augment.transform.Transform;
import io.augflow.augment.transform.TransformConfig;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Rotates the image about its centre {@code (W/2, H/2)} by an angle drawn uniformly from {@code limit}
 * (degrees, counter-clockwise on screen); the output keeps the input size, uncovered pixels come from
 * {@code border}. A point maps as
 * <pre>
 *   x' = cos(a)*(x - W/2) + sin(a)*(y - H/2) + W/2
 *   y' = -sin(a)*(x - W/2) + cos(a)*(y - H/2) + H/2
 * </pre>
 * and a box becomes, by {@code box-mode}, the box around its 4 mapped corners ({@code corners}: always
 * contains the object, loose at 45 degrees) or around its inscribed ellipse once rotated
 * ({@code ellipse}: tighter, see {@link AffineMap#mapEllipse}).
 *
 * <pre>
 * { type = rotate, p = 0.5, limit = 15, interpolation = linear, border = constant, fill = 0, box-mode = corners }
 * </pre>
 * {@code limit}: a number {@code v} for {@code [-v, v]} or a {@code [low, high]} pair within [-180, 180],
 * default 15.
 */
public record Rotate(UniformRange limit, Interpolation interpolation, BorderMode border, int fill, BoxMode boxMode,
        double p) implements Transform<Rotate.Params> {
    public static final String NAME = "rotate";
    public static final UniformRange DEFAULT_LIMIT = new UniformRange(-15, 15);

    /** How a rotated box is turned back into an axis-aligned one. */
    public enum BoxMode {
        CORNERS, ELLIPSE
    }

    /** @param angle degrees, counter-clockwise */
    public record Params(double angle) {}

    public Rotate {
        Checks.probability(NAME, p);
        Checks.notNull(NAME, "limit", limit).requireWithin(NAME + ".limit", -180, 180);
        Checks.notNull(NAME, Interpolation.KEY, interpolation);
        Checks.notNull(NAME, BorderMode.KEY, border);
        Checks.notNull(NAME, "box-mode", boxMode);
        Checks.fill(NAME, fill);
    }

    public static Rotate fromConfig(TransformConfig cfg) {
        return new Rotate(
                UniformRange.of(cfg.range("limit", DEFAULT_LIMIT.pair(), -180, 180, true)),
                Interpolation.fromConfig(cfg),
                BorderMode.fromConfig(cfg),
                BorderMode.fillFromConfig(cfg),
                BoxMode.valueOf(cfg.choice("box-mode", "corners", Set.of("corners", "ellipse")).toUpperCase(java.util.Locale.ROOT)),
                cfg.p());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Params sample(Sample sample, SplittableRandom rng) {
        return new Params(limit.draw(rng));
    }

    /** The map of a rotation by {@code angle} degrees of a {@code width} x {@code height} image. */
    public static AffineMap map(double angle, int width, int height) {
        return AffineMap.rotation(angle).about(width / 2.0, height / 2.0);
    }

    @Override
    public Sample apply(Sample sample, Params params) {
        Objects.requireNonNull(params, "params");
        AffineMap m = map(params.angle(), sample.width(), sample.height());
        List<Box> boxes = sample.boxes().stream()
                .map(b -> boxMode == BoxMode.ELLIPSE ? m.mapEllipse(b) : m.mapCorners(b))
                .toList();
        return sample.with(m.warp(sample.image(), sample.width(), sample.height(), interpolation, border, fill), boxes);
    }
}
