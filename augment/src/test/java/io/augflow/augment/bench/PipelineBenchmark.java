package io.augflow.augment.bench;

import com.typesafe.config.ConfigFactory;
import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.augment.transform.BoxParams;
import io.augflow.augment.transform.Compose;
import io.augflow.augment.transform.Transform;
import io.augflow.augment.transform.TransformRegistry;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Images per second of {@link BenchmarkConfigs#PIPELINE} through {@link Compose}, each sample its own stream. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PipelineBenchmark {

    @Param({"28x28x1", "256x256x3"})
    public String image;

    private Compose pipeline;
    private Sample input;
    private SplittableRandom rng;

    @Setup
    public void setUp() {
        OpenCv.load();
        input = BenchmarkConfigs.sample(image, 7);
        TransformRegistry registry = TransformRegistry.builtIn();
        List<Transform<?>> transforms = BenchmarkConfigs.PIPELINE.stream()
                .<Transform<?>>map(block -> BenchmarkConfigs.withBank(
                        registry.create(ConfigFactory.parseString(block)), input.channels()))
                .toList();
        pipeline = new Compose(transforms, BoxParams.DEFAULT);
        rng = new SplittableRandom(42);
    }

    @Benchmark
    public int apply() {
        Sample out = pipeline.apply(input, rng.split());
        if (out.image() != input.image()) {
            out.image().release();
        }
        return out.boxes().size();
    }
}
