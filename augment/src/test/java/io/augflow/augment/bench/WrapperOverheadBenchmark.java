package io.augflow.augment.bench;

import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.augment.transform.AugmentationTrace;
import io.augflow.augment.transform.Transform;
import io.augflow.augment.transform.TransformRegistry;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.opencv.core.Core;
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
    @Param({"flip", "gaussian-blur", "warp-affine"})
    public String op;

    private Sample input;
    private Mat src;
    private Mat rotation;
    private Transform<?> wrapper;
    private SplittableRandom rng;

    @Setup
    public void setUp() {
        OpenCv.load();
        input = BenchmarkConfigs.sample(BenchmarkConfigs.OVERHEAD_IMAGE, 7);
        src = input.image();
        rotation = Imgproc.getRotationMatrix2D(new Point(src.cols() / 2.0, src.rows() / 2.0), 10, 1.0);
        wrapper = TransformRegistry.builtIn().parse(BenchmarkConfigs.OVERHEAD_WRAPPERS.get(op));
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
            default -> throw new IllegalStateException("unknown op " + op);
        }
        long total = dst.total();
        dst.release();
        return total;
    }

    @Benchmark
    public long wrapped() {
        Sample out = wrapper.apply(input, rng.split(), AugmentationTrace.NONE);
        long total = out.image().total() + out.boxes().size();
        out.image().release();
        return total;
    }
}
