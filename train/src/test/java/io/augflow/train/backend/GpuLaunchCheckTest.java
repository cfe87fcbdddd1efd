package io.augflow.train.backend;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class GpuLaunchCheckTest {

    /** Counts how often ND4J would have been asked: the CPU path must not load it for this check. */
    private static Supplier<Nd4jDevices> counting(AtomicInteger asked, Nd4jDevices devices) {
        return () -> {
            asked.incrementAndGet();
            return devices;
        };
    }

    @Test
    void withoutAGpuRequestNothingIsAsked() {
        AtomicInteger asked = new AtomicInteger();
        GpuLaunchCheck.check("local[2]", 0, null, counting(asked, Nd4jDevices.cpu()));
        assertEquals(0, asked.get());
    }

    @Test
    void aTaskGpuAmountOnALocalMasterIsRefusedBeforeItHangs() {
        for (String master : new String[] {"local", "local[1]", " local[*] "}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> GpuLaunchCheck.check(master, 1, null, () -> Nd4jDevices.cuda(1)));
            assertTrue(e.getMessage().startsWith("spark.task.resource.gpu.amount must be 0 on a local master, got 1.0")
                    && e.getMessage().contains("-Daugflow.gpu.address=<index>"), e.getMessage());
        }
        assertDoesNotThrow(() -> GpuLaunchCheck.check("local-cluster[2,1,1024]", 1, null,
                () -> Nd4jDevices.cuda(1)), "local-cluster has real executors that Spark gives GPUs");
        assertDoesNotThrow(() -> GpuLaunchCheck.check("local[1]", 0, "0", () -> Nd4jDevices.cuda(1)),
                "the local-mode property is the way to name a GPU there");
    }

    @Test
    void aGpuRequestOnTheCpuBuildIsRefusedOnTheDriver() {
        GpuUnavailableException e = assertThrows(GpuUnavailableException.class,
                () -> GpuLaunchCheck.check("yarn", 1, null, Nd4jDevices::cpu));
        assertTrue(e.getMessage().startsWith("a GPU is asked for (spark.task.resource.gpu.amount=1.0) but ND4J runs"
                + " its CPU backend"), e.getMessage());
        assertThrows(GpuUnavailableException.class, () -> GpuLaunchCheck.check("local[1]", 0, "0", Nd4jDevices::cpu));
    }

    @Test
    void theSparkConfAdapterReadsTheRealBackendHere() {
        SparkConf conf = new SparkConf(false).setMaster("yarn").set("spark.task.resource.gpu.amount", "1");
        GpuUnavailableException e = assertThrows(GpuUnavailableException.class, () -> GpuLaunchCheck.check(conf));
        assertTrue(e.getMessage().contains("CPU backend"), e.getMessage());
        assertDoesNotThrow(() -> GpuLaunchCheck.check(new SparkConf(false).setMaster("local[2]")));
    }
}
