package io.augflow.train.backend;

/**
 * A GPU was asked for (Spark assigned one to the task, or the configuration requests one) but ND4J cannot train on
 * it: the build runs ND4J's CPU backend, CUDA shows fewer devices, or the address is not one ND4J can reach. Thrown
 * instead of training on the CPU or on another task's GPU; the message names what was asked, what ND4J sees and
 * what to change. The CLI reports it without a stack trace (exit code 2).
 */
public class GpuUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public GpuUnavailableException(String message) {
        super(message);
    }
}
