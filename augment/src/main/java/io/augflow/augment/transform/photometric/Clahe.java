package io.augflow.augment.transform.photometric;

import io.augflow.augment.Sample;
import io.augflow.augment.random.UniformRange;
import io.augflow.augment.transform.Transform;
import io.augflow.augment.transform.TransformConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.CLAHE;
import org.opencv.imgproc.Imgproc;

/**
 * Contrast-limited adaptive histogram equalisation (OpenCV's {@link CLAHE}) on a {@code tileGrid} x
 * {@code tileGrid} grid. Grey images are equalised directly; colour images on the L channel of Lab only,
 * so hues are kept. A CLAHE object is created per call because OpenCV's are not thread-safe.
 *
 * @param clipLimit range of the clip limit (contrast limit per tile), within [0, 100]; default [4, 4]
 * @param tileGrid  tiles per side, in [1, 64]; default 8
 */
public record Clahe(double p, UniformRange clipLimit, int tileGrid) implements Transform<Clahe.Params> {
    public static final String NAME = "clahe";

    /** The drawn clip limit. */
    public record Params(double clipLimit) {}

    public Clahe {
        Checks.probability(NAME, p);
        Objects.requireNonNull(clipLimit, "clipLimit").requireWithin(NAME + ".clip-limit", 0, 100);
        Checks.within(NAME + ".tile-grid", tileGrid, 1, 64);
    }

    /** Keys: {@code p}, {@code clip-limit} (a number v means [v, v]), {@code tile-grid}. */
    public static Clahe fromConfig(TransformConfig cfg) {
        return new Clahe(cfg.p(),
                UniformRange.of(cfg.range("clip-limit", new double[] {4, 4}, 0, 100, false)),
                cfg.intIn("tile-grid", 8, 1, 64));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Params sample(Sample sample, SplittableRandom rng) {
        return new Params(clipLimit.draw(rng));
    }

    @Override
    public Sample apply(Sample sample, Params params) {
        CLAHE clahe = Imgproc.createCLAHE(params.clipLimit(), new Size(tileGrid, tileGrid));
        Mat out = new Mat();
        if (sample.channels() == 1) {
            clahe.apply(sample.image(), out);
            return sample.withImage(out);
        }
        Mat lab = new Mat();
        Imgproc.cvtColor(sample.image(), lab, Imgproc.COLOR_BGR2Lab);
        List<Mat> planes = new ArrayList<>(3);
        Core.split(lab, planes);
        Mat equalised = new Mat();
        clahe.apply(planes.get(0), equalised);
        planes.get(0).release();
        planes.set(0, equalised);
        Core.merge(planes, lab);
        Imgproc.cvtColor(lab, out, Imgproc.COLOR_Lab2BGR);
        planes.forEach(Mat::release);
        lab.release();
        return sample.withImage(out);
    }
}
