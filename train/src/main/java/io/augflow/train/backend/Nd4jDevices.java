package io.augflow.train.backend;

/**
 * What ND4J reports about the devices of this JVM: its backend and, under CUDA, how many devices the CUDA runtime
 * shows it (after {@code CUDA_VISIBLE_DEVICES}). A value, so that {@link GpuDeviceChoice} can be tested with fakes;
 * {@link TaskDevice} reads the real one.
 *
 * @param backend     ND4J's backend as it names itself ({@code "CPU"}, {@code "CUDA"})
 * @param cuda        whether the backend runs on NVIDIA GPUs
 * @param deviceCount devices ND4J can use: CUDA's device count, 0 or more; ignored for the CPU backend
 */
public record Nd4jDevices(String backend, boolean cuda, int deviceCount) {

    /** Validates the values. */
    public Nd4jDevices {
        if (backend == null || backend.isBlank()) {
            throw new IllegalArgumentException("backend must be named, got '" + backend + "'");
        }
        if (deviceCount < 0) {
            throw new IllegalArgumentException("deviceCount must be >= 0, got " + deviceCount);
        }
    }

    /** @return ND4J's CPU backend */
    public static Nd4jDevices cpu() {
        return new Nd4jDevices("CPU", false, 0);
    }

    /** @return ND4J's CUDA backend with {@code count} devices */
    public static Nd4jDevices cuda(int count) {
        return new Nd4jDevices("CUDA", true, count);
    }

    @Override
    public String toString() {
        return cuda ? backend + " with " + deviceCount + " device" + (deviceCount == 1 ? "" : "s") : backend;
    }
}
