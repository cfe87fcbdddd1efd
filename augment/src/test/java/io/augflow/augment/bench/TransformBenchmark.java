package io.augflow.augment.bench;

import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.augment.transform.AugmentationTrace;
import io.augflow.augment.transform.Transform;
import io.augflow.augment.transform.TransformRegistry;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import java.util.concurrent.TimeUnit;

/**
 * Images per second of one transform, forced on ({@code p = 1}), including drawing its parameters and
 * releasing the output image. {@link AugmentBenchmarks} narrows {@code transform} to the registered names.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TransformBenchmark {

    /** Every name of {@link BenchmarkConfigs#TRANSFORMS}; JMH needs the list as a constant. */
    @Param({"horizontal-flip", "vertical-flip", "rotate", "affine", "random-crop", "random-resized-crop", "pad",
            "resize", "letterbox", "one-of", "some-of", "brightness-contrast", "hsv", "gamma", "gaussian-blur",
            "gaussian-noise", "clahe", "cutout", "copy-paste"})
    public String transform;

    @Param({"28x28x1", "256x256x3"})
    public String image;

    private Transform<?> instance;
    private Sample input;
    private SplittableRandom rng;

    @Setup
    public void setUp() {
        OpenCv.load();
        input = BenchmarkConfigs.sample(image, 7);
        instance = BenchmarkConfigs.build(TransformRegistry.builtIn(), transform, input.channels());
        rng = new SplittableRandom(42);
    }

    @Benchmark
    public int apply() {
        Sample out = instance.apply(input, rng.split(), AugmentationTrace.NONE);
        if (out.image() != input.image()) {
            out.image().release();
        }
        return out.boxes().size();
    }
}
