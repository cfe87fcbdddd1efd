package io.augflow.augment.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.augment.transform.AugmentationTrace;
import io.augflow.augment.transform.Transform;
import io.augflow.augment.transform.TransformRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

/** Keeps the benchmark lists in step with the registry, and checks JMH generated its classes. */
class BenchmarkConfigsTest {
    private static final TransformRegistry REGISTRY = TransformRegistry.builtIn();

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    private static List<String> paramValues(Class<?> type, String field) throws NoSuchFieldException {
        return List.of(type.getField(field).getAnnotation(Param.class).value());
    }

    @Test
    void everyRegisteredTransformIsBenchmarked() throws NoSuchFieldException {
        List<String> params = paramValues(TransformBenchmark.class, "transform");
        List<String> missing = new ArrayList<>(REGISTRY.names());
        missing.removeAll(params);
        assertTrue(missing.isEmpty(), "registered but missing from TransformBenchmark's @Param: " + missing);
        assertEquals(List.copyOf(BenchmarkConfigs.TRANSFORMS.keySet()), params,
                "TransformBenchmark's @Param and BenchmarkConfigs.TRANSFORMS list the same names in the same order");
        assertEquals(BenchmarkConfigs.IMAGES, paramValues(TransformBenchmark.class, "image"));
        assertEquals(BenchmarkConfigs.IMAGES, paramValues(PipelineBenchmark.class, "image"));
        assertEquals(BenchmarkConfigs.OVERHEAD_WRAPPERS.keySet(),
                new java.util.HashSet<>(paramValues(WrapperOverheadBenchmark.class, "op")));
    }

    @Test
    void everyRegisteredSettingBuildsAndRuns() {
        for (String image : BenchmarkConfigs.IMAGES) {
            Sample in = BenchmarkConfigs.sample(image, 1);
            for (String name : REGISTRY.names()) {
                Transform<?> t = BenchmarkConfigs.build(REGISTRY, name, in.channels());
                Sample out = t.apply(in, new SplittableRandom(1), AugmentationTrace.NONE);
                assertNotNull(out, name);
            }
        }
    }

    @Test
    void jmhGeneratedTheBenchmarkClasses() throws IOException, ClassNotFoundException {
        try (InputStream list = getClass().getClassLoader().getResourceAsStream("META-INF/BenchmarkList")) {
            assertNotNull(list, "META-INF/BenchmarkList: the JMH annotation processor did not run");
            String text = new String(list.readAllBytes(), StandardCharsets.UTF_8);
            for (String generated : List.of("TransformBenchmark_apply_jmhTest", "PipelineBenchmark_apply_jmhTest",
                    "WrapperOverheadBenchmark_bare_jmhTest", "WrapperOverheadBenchmark_wrapped_jmhTest")) {
                assertTrue(text.contains("io.augflow.augment.bench.jmh_generated." + generated), generated);
            }
        }
        for (String generated : Arrays.asList("TransformBenchmark_apply_jmhTest", "PipelineBenchmark_apply_jmhTest",
                "WrapperOverheadBenchmark_bare_jmhTest", "WrapperOverheadBenchmark_wrapped_jmhTest")) {
            Class.forName("io.augflow.augment.bench.jmh_generated." + generated);
        }
    }
}
