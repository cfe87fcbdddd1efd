package io.augflow.augment.bench;

import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.augment.transform.AugmentConf;
import io.augflow.augment.transform.AugmentationTrace;
import io.augflow.augment.transform.Compose;
import io.augflow.augment.transform.Transform;
import io.augflow.augment.transform.TransformRegistry;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of the transform wrapper: a bare OpenCV call ({@code bare}) against the transform that makes
 * it ({@code wrapped}: drawing parameters, the call, mapping boxes, building the new sample), on the same
 * 256x256 colour image. Both allocate and release their output, as any use would. The ratio of their
 * times is reported by {@link AugmentBenchmarks}; the target is at most 1.10.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WrapperOverheadBenchmark {

    /** Keys of {@link BenchmarkConfigs#OVERHEAD_WRAPPERS}. */
    @Param({"flip", "gaussian-blur", "warp-affine", "gaussian-noise", "composed"})
    public String op;

    private Sample input;
    private Mat src;
    private Mat rotation;
    private Transform<?> wrapper;
    private Compose composed;
    private Mat rotation15;
    private Mat noise;
    private SplittableRandom rng;

    @Setup
    public void setUp() {
        OpenCv.load();
        input = BenchmarkConfigs.sample(BenchmarkConfigs.OVERHEAD_IMAGE, 7);
        src = input.image();
        rotation = Imgproc.getRotationMatrix2D(new Point(src.cols() / 2.0, src.rows() / 2.0), 10, 1.0);
        rotation15 = Imgproc.getRotationMatrix2D(new Point(src.cols() / 2.0, src.rows() / 2.0), 15, 1.0);
        noise = new Mat(src.rows(), src.cols(), CvType.CV_32FC3);
        if (op.equals("composed")) {
            composed = AugmentConf.parse("augment { pipeline = " + BenchmarkConfigs.OVERHEAD_WRAPPERS.get(op) + " }")
                    .compose();
        } else {
            wrapper = TransformRegistry.builtIn().parse(BenchmarkConfigs.OVERHEAD_WRAPPERS.get(op));
        }
        rng = new SplittableRandom(42);
    }

    @Benchmark
    public long bare() {
        Mat dst = new Mat();
        switch (op) {
            case "flip" -> Core.flip(src, dst, 1);
            case "gaussian-blur" -> Imgproc.GaussianBlur(src, dst, new Size(7, 7), 1.0, 1.0, Core.BORDER_REFLECT_101);
            case "warp-affine" -> Imgproc.warpAffine(src, dst, rotation, src.size(), Imgproc.INTER_LINEAR,
                    Core.BORDER_CONSTANT);
            case "gaussian-noise" -> addNoise(src, dst);
            case "composed" -> composedBare(dst);
            default -> throw new IllegalStateException("unknown op " + op);
        }
        long total = dst.total();
        dst.release();
        return total;
    }

    /** Gaussian noise as one would write it with OpenCV: randn into a float image, then a saturating add. */
    private void addNoise(Mat in, Mat out) {
        Core.randn(noise, 0, 10);
        Core.add(in, noise, out, new Mat(), CvType.CV_8U);
    }

    /** The composed pipeline's steps as bare calls: flip, rotate 15, crop half the area and resize, scale/shift, blur, noise. */
    private void composedBare(Mat dst) {
        Mat a = new Mat();
        Mat b = new Mat();
        Core.flip(src, a, 1);
        Imgproc.warpAffine(a, b, rotation15, src.size(), Imgproc.INTER_LINEAR, Core.BORDER_CONSTANT);
        int side = (int) Math.round(src.cols() * Math.sqrt(0.5));
        Mat crop = b.submat(20, 20 + side, 30, 30 + side);
        Imgproc.resize(crop, a, src.size(), 0, 0, Imgproc.INTER_LINEAR);
        crop.release();
        a.convertTo(b, -1, 1.1, 25.5);
        Imgproc.GaussianBlur(b, a, new Size(7, 7), 1.0, 1.0, Core.BORDER_REFLECT_101);
        addNoise(a, dst);
        a.release();
        b.release();
    }

    @Benchmark
    public long wrapped() {
        if (composed != null) {
            Sample out = composed.apply(input, rng.split());
            long total = out.image().total() + out.boxes().size();
            out.image().release();
            return total;
        }
        Sample out = wrapper.apply(input, rng.split(), AugmentationTrace.NONE);
        long total = out.image().total() + out.boxes().size();
        out.image().release();
        return total;
    }
}
