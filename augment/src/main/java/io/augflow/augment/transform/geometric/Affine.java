package io.augflow.augment.transform.geometric;

import io.augflow.augment.Sample;
import io.augflow.augment.random.UniformRange;
import io.augflow.augment.transform.Transform;
import io.augflow.augment.transform.TransformConfig;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Scales, shears, rotates and translates the image about its centre {@code C = (W/2, H/2)}, keeping its
 * size; uncovered pixels come from {@code border}. With drawn scale {@code s}, shear {@code k} (degrees,
 * horizontal), angle {@code a} (degrees, counter-clockwise) and translation fractions {@code (tx, ty)},
 * a point maps as
 * <pre>
 *   p' = R(a) * K(k) * s * (p - C) + C + (tx*W, ty*H)
 *   R(a) = [cos a, sin a; -sin a, cos a],   K(k) = [1, tan k; 0, 1]
 * </pre>
 * and a box becomes the box around its 4 mapped corners. {@code tx} and {@code ty} are drawn
 * independently from {@code translate}.
 *
 * <pre>
 * { type = affine, p = 0.5, scale = [0.9, 1.1], translate = [-0.0625, 0.0625], shear = [0, 0], rotate = [0, 0],
 *   interpolation = linear, border = constant, fill = 0 }
 * </pre>
 * Ranges: {@code scale} within [0.01, 100], {@code translate} within [-1, 1], {@code shear} within
 * [-80, 80], {@code rotate} within [-180, 180]; a single number {@code v} means {@code [v, v]} for scale
 * and {@code [-v, v]} for the others.
 */
public record Affine(UniformRange scale, UniformRange translate, UniformRange shear, UniformRange rotate,
        Interpolation interpolation, BorderMode border, int fill, double p) implements Transform<Affine.Params> {
    public static final String NAME = "affine";
    public static final UniformRange DEFAULT_SCALE = new UniformRange(0.9, 1.1);
    public static final UniformRange DEFAULT_TRANSLATE = new UniformRange(-0.0625, 0.0625);
    public static final UniformRange DEFAULT_SHEAR = new UniformRange(0, 0);
    public static final UniformRange DEFAULT_ROTATE = new UniformRange(0, 0);

    /** The drawn parameters; {@code tx}, {@code ty} are fractions of the width and height. */
    public record Params(double scale, double tx, double ty, double shear, double angle) {}

    public Affine {
        Checks.probability(NAME, p);
        Checks.notNull(NAME, "scale", scale).requireWithin(NAME + ".scale", 0.01, 100);
        Checks.notNull(NAME, "translate", translate).requireWithin(NAME + ".translate", -1, 1);
        Checks.notNull(NAME, "shear", shear).requireWithin(NAME + ".shear", -80, 80);
        Checks.notNull(NAME, "rotate", rotate).requireWithin(NAME + ".rotate", -180, 180);
        Checks.notNull(NAME, Interpolation.KEY, interpolation);
        Checks.notNull(NAME, BorderMode.KEY, border);
        Checks.fill(NAME, fill);
    }

    public static Affine fromConfig(TransformConfig cfg) {
        return new Affine(
                UniformRange.of(cfg.range("scale", DEFAULT_SCALE.pair(), 0.01, 100, false)),
                UniformRange.of(cfg.range("translate", DEFAULT_TRANSLATE.pair(), -1, 1, true)),
                UniformRange.of(cfg.range("shear", DEFAULT_SHEAR.pair(), -80, 80, true)),
                UniformRange.of(cfg.range("rotate", DEFAULT_ROTATE.pair(), -180, 180, true)),
                Interpolation.fromConfig(cfg),
                BorderMode.fromConfig(cfg),
                BorderMode.fillFromConfig(cfg),
                cfg.p());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Params sample(Sample sample, SplittableRandom rng) {
        return new Params(scale.draw(rng), translate.draw(rng), translate.draw(rng), shear.draw(rng),
                rotate.draw(rng));
    }

    /** The map of {@code params} for a {@code width} x {@code height} image (the formula above). */
    public static AffineMap map(Params params, int width, int height) {
        return AffineMap.scaling(params.scale(), params.scale())
                .then(AffineMap.shear(params.shear(), 0))
                .then(AffineMap.rotation(params.angle()))
                .about(width / 2.0, height / 2.0)
                .then(AffineMap.translation(params.tx() * width, params.ty() * height));
    }

    @Override
    public Sample apply(Sample sample, Params params) {
        Objects.requireNonNull(params, "params");
        AffineMap m = map(params, sample.width(), sample.height());
        return sample.with(m.warp(sample.image(), sample.width(), sample.height(), interpolation, border, fill),
                m.mapCorners(sample.boxes()));
    }
}
