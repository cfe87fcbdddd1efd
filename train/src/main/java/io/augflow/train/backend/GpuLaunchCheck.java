package io.augflow.train.backend;

import java.util.function.Supplier;
import org.apache.spark.SparkConf;

/**
 * The driver's check of a GPU request before Spark starts, so that a run that cannot train on its GPUs stops at once
 * with the reason instead of after executors start (or never, see below). The executors check again per task
 * ({@link TaskDevice}), since only they know their GPUs.
 */
public final class GpuLaunchCheck {

    private GpuLaunchCheck() {}

    /**
     * Checks the Spark configuration about to start a session, and this JVM's system properties.
     *
     * @throws IllegalArgumentException on a local master with {@value GpuRequest#TASK_AMOUNT_KEY} &gt; 0
     * @throws GpuUnavailableException  when a GPU is asked for and this build's ND4J is the CPU backend
     */
    public static void check(SparkConf conf) {
        check(conf.get("spark.master", "local[*]"), conf.getDouble(GpuRequest.TASK_AMOUNT_KEY, 0),
                System.getProperty(GpuRequest.LOCAL_ADDRESS_KEY), TaskDevice::nd4jDevices);
    }

    /**
     * The check itself.
     *
     * @param master       Spark's master URL
     * @param taskAmount   {@value GpuRequest#TASK_AMOUNT_KEY}
     * @param localAddress {@value GpuRequest#LOCAL_ADDRESS_KEY}, or {@code null}
     * @param driverNd4j   what ND4J reports in the driver (asked only when a GPU is requested); the driver runs the
     *                     same build as the executors, so a CPU backend here means one there
     */
    static void check(String master, double taskAmount, String localAddress, Supplier<Nd4jDevices> driverNd4j) {
        GpuRequest request = new GpuRequest(taskAmount, java.util.List.of(), localAddress);
        if (!request.wantsGpu()) {
            return;
        }
        String m = master.trim();
        if (taskAmount > 0 && (m.equals("local") || m.startsWith("local["))) {
            throw new IllegalArgumentException(GpuRequest.TASK_AMOUNT_KEY + " must be 0 on a local master, got "
                    + taskAmount + " with master " + master + ": Spark schedules no task that asks for a resource in"
                    + " local mode (the job would wait forever); name the GPU with -D" + GpuRequest.LOCAL_ADDRESS_KEY
                    + "=<index> instead (README, \"GPU executors\")");
        }
        Nd4jDevices nd4j = driverNd4j.get();
        if (!nd4j.cuda()) {
            throw new GpuUnavailableException("a GPU is asked for (" + (taskAmount > 0
                    ? GpuRequest.TASK_AMOUNT_KEY + "=" + taskAmount : GpuRequest.LOCAL_ADDRESS_KEY + "=" + localAddress)
                    + ") but ND4J runs its " + nd4j.backend() + " backend: this is the CPU build (nd4j-native)."
                    + " Build with `mvn -Pgpu -DskipTests package` (README, \"GPU executors\"), or drop the GPU"
                    + " request to train on the CPU");
        }
    }
}
