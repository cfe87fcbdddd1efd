package io.augflow.train.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Properties;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext$;
import org.apache.spark.TaskContextImpl;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The adapter against the real ND4J and Spark of this CPU-only machine. */
class TaskDeviceTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(GpuRequest.LOCAL_ADDRESS_KEY);
    }

    @Test
    void nd4jReportsItsCpuBackendHere() {
        Nd4jDevices devices = TaskDevice.nd4jDevices();
        assertFalse(devices.cuda(), devices.toString());
        assertEquals("CPU", devices.backend());
    }

    @Test
    void withoutAGpuRequestNothingIsBound() {
        TaskDevice device = TaskDevice.forCurrentTask();
        assertSame(TaskDevice.CPU, device);
        assertEquals(TaskDevice.CPU_KEY, device.poolKey());
        device.bindCurrentThread(); // a no-op on the CPU path
    }

    @Test
    void aGpuAskedForOnTheCpuBuildFailsWithTheReason() {
        System.setProperty(GpuRequest.LOCAL_ADDRESS_KEY, "0");
        GpuUnavailableException e = assertThrows(GpuUnavailableException.class, TaskDevice::forCurrentTask);
        assertTrue(e.getMessage().startsWith("GPU 0 (from augflow.gpu.address) was asked for, but ND4J runs its CPU"
                + " backend"), e.getMessage());
    }

    @Test
    void aSparkTaskOnTheCpuBuildFailsTheJobWithTheReason() {
        System.setProperty(GpuRequest.LOCAL_ADDRESS_KEY, "0");
        SparkConf conf = new SparkConf().setMaster("local[1]").setAppName("task-device")
                .set("spark.ui.enabled", "false");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            Exception e = assertThrows(Exception.class,
                    () -> sc.parallelize(List.of(1), 1).map(i -> TaskDevice.forCurrentTask().poolKey()).collect());
            Throwable c = e;
            while (c != null && !(c instanceof GpuUnavailableException)) {
                c = c.getCause();
            }
            assertTrue(c != null, "the driver sees the executor's reason in the cause chain: " + e);
            assertTrue(c.getMessage().contains("CPU backend"), c.getMessage());
        }
    }

    /** Runs {@code body} inside a fake Spark task whose resources are {@code resources}, as an executor sets them. */
    private static void inTask(scala.collection.immutable.Map<String, ResourceInformation> resources, Runnable body) {
        TaskContext$.MODULE$.setTaskContext(new TaskContextImpl(0, 0, 0, 0L, 0, 1, null, new Properties(), null,
                TaskMetrics.empty(), 1, resources));
        try {
            body.run();
        } finally {
            TaskContext$.MODULE$.unset();
        }
    }

    @Test
    void theAddressesSparkAssignedTheTaskReachTheChoice() {
        ResourceInformation gpus = new ResourceInformation("gpu", new String[] {"3", "1"});
        inTask(new scala.collection.immutable.Map.Map1<>("gpu", gpus), () -> {
            assertEquals(List.of("3", "1"), TaskDevice.currentRequest().sparkAssigned());
            GpuUnavailableException e = assertThrows(GpuUnavailableException.class, TaskDevice::forCurrentTask);
            assertTrue(e.getMessage().startsWith("GPU 3 (from Spark"), e.getMessage());
        });
    }

    @Test
    void aTaskWithOtherResourcesOnlyStaysOnTheCpuPath() {
        ResourceInformation fpga = new ResourceInformation("fpga", new String[] {"0"});
        inTask(new scala.collection.immutable.Map.Map1<>("fpga", fpga),
                () -> assertSame(TaskDevice.CPU, TaskDevice.forCurrentTask()));
    }
}
