package io.augflow.train.backend;

import java.util.List;

/**
 * The GPU one training task is meant to use, as Spark and augflow state it, before ND4J is asked anything.
 *
 * @param taskAmount    {@value #TASK_AMOUNT_KEY}: GPUs each task asks Spark for (0 when unset; fractions share a GPU)
 * @param sparkAssigned the GPU addresses Spark assigned this task ({@code TaskContext.resources()}, resource
 *                      {@value #RESOURCE}), in Spark's order; empty when it assigned none
 * @param localAddress  {@value #LOCAL_ADDRESS_KEY}, or {@code null} when unset: the GPU for a local-mode run, where
 *                      Spark assigns tasks no resources
 */
public record GpuRequest(double taskAmount, List<String> sparkAssigned, String localAddress) {
    /** Spark's name of the GPU resource. */
    public static final String RESOURCE = "gpu";
    /** Spark's key for the GPUs of one task. */
    public static final String TASK_AMOUNT_KEY = "spark.task.resource.gpu.amount";
    /**
     * augflow's JVM property naming the GPU (an address as {@code nvidia-smi} numbers them) for runs on a
     * {@code local[N]} master. Spark 3.5 schedules no task that asks for a resource in local mode (such a job waits
     * forever), so a local run cannot use {@value #TASK_AMOUNT_KEY}; it sets this instead, e.g.
     * {@code AUGFLOW_JAVA_OPTS=-Daugflow.gpu.address=0}. Ignored when Spark assigned the task a GPU.
     */
    public static final String LOCAL_ADDRESS_KEY = "augflow.gpu.address";

    /** Validates the values and copies the list. */
    public GpuRequest {
        if (Double.isNaN(taskAmount) || taskAmount < 0) {
            throw new IllegalArgumentException(TASK_AMOUNT_KEY + " must be >= 0, got " + taskAmount);
        }
        sparkAssigned = List.copyOf(sparkAssigned);
        if (localAddress != null && localAddress.isBlank()) {
            localAddress = null;
        }
    }

    /** @return a task that asks for no GPU and got none: the CPU path */
    public static GpuRequest none() {
        return new GpuRequest(0, List.of(), null);
    }

    /** @return whether anything asks for a GPU: an amount, an assigned address, or {@value #LOCAL_ADDRESS_KEY} */
    public boolean wantsGpu() {
        return taskAmount > 0 || !sparkAssigned.isEmpty() || localAddress != null;
    }
}
