package io.augflow.augment.transform.photometric;

import io.augflow.augment.Box;
import io.augflow.augment.BoxCoverage;
import io.augflow.augment.Sample;
import io.augflow.augment.random.UniformIntRange;
import io.augflow.augment.random.UniformRange;
import io.augflow.augment.transform.Transform;
import io.augflow.augment.transform.TransformConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;

/**
 * Random erasing (DeVries and Taylor 2017; Zhong et al. 2020): fills {@code holes} rectangles with
 * {@code fill}. Each hole's width and height are drawn separately as a fraction {@code size} of the image
 * side (at least 1 pixel), its position uniformly so that it lies inside the image.
 *
 * <p>Boxes do not move, but a box whose visible share {@code 1 - covered / area} falls below
 * {@code minBoxVisibility} is dropped: the object is no longer there to detect. The covered area is the
 * exact area of the box inside the union of the holes ({@link BoxCoverage}); overlapping holes count once.
 *
 * @param holes            range of the number of holes, within [0, 100]; default [1, 3]
 * @param size             range of a hole side as a fraction of the image side, within [0, 1];
 *                         default [0.1, 0.3]
 * @param fill             the value written into every channel, in [0, 255]; default 0
 * @param minBoxVisibility smallest visible share in [0, 1] a kept box must have; default 0.25
 */
public record Cutout(double p, UniformIntRange holes, UniformRange size, double fill, double minBoxVisibility)
        implements Transform<Cutout.Params> {
    public static final String NAME = "cutout";

    /** One erased rectangle in pixels, inside the image. */
    public record Hole(int x, int y, int width, int height) {
        Box asBox() {
            return new Box(0, x, y, width, height);
        }
    }

    /** The drawn holes. */
    public record Params(List<Hole> holes) {
        public Params {
            holes = List.copyOf(holes);
        }
    }

    public Cutout {
        Checks.probability(NAME, p);
        Objects.requireNonNull(holes, "holes").requireWithin(NAME + ".holes", 0, 100);
        Objects.requireNonNull(size, "size").requireWithin(NAME + ".size", 0, 1);
        Checks.within(NAME + ".fill", fill, 0, 255);
        Checks.within(NAME + ".min-box-visibility", minBoxVisibility, 0, 1);
    }

    /** Keys: {@code p}, {@code holes}, {@code size} (a number v means [v, v]), {@code fill}, {@code min-box-visibility}. */
    public static Cutout fromConfig(TransformConfig cfg) {
        return new Cutout(cfg.p(),
                UniformIntRange.of(cfg.range("holes", new double[] {1, 3}, 0, 100, false), NAME + ".holes"),
                UniformRange.of(cfg.range("size", new double[] {0.1, 0.3}, 0, 1, false)),
                cfg.doubleIn("fill", 0, 0, 255),
                cfg.doubleIn("min-box-visibility", 0.25, 0, 1));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Params sample(Sample sample, SplittableRandom rng) {
        int width = sample.width();
        int height = sample.height();
        int n = holes.draw(rng);
        List<Hole> drawn = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int w = side(size.draw(rng), width);
            int h = side(size.draw(rng), height);
            int x = rng.nextInt(0, width - w + 1);
            int y = rng.nextInt(0, height - h + 1);
            drawn.add(new Hole(x, y, w, h));
        }
        return new Params(drawn);
    }

    private static int side(double fraction, int imageSide) {
        return Math.max(1, Math.min(imageSide, (int) Math.round(fraction * imageSide)));
    }

    @Override
    public Sample apply(Sample sample, Params params) {
        Mat out = sample.image().clone();
        Scalar value = new Scalar(fill, fill, fill);
        List<Box> covers = new ArrayList<>(params.holes().size());
        for (Hole hole : params.holes()) {
            Mat region = out.submat(new Rect(hole.x(), hole.y(), hole.width(), hole.height()));
            region.setTo(value);
            region.release();
            covers.add(hole.asBox());
        }
        List<Box> kept = new ArrayList<>(sample.boxes().size());
        for (Box box : sample.boxes()) {
            double visible = 1 - BoxCoverage.coveredFraction(box, covers);
            if (visible + 1e-9 >= minBoxVisibility) {
                kept.add(box);
            }
        }
        return sample.with(out, kept);
    }
}
