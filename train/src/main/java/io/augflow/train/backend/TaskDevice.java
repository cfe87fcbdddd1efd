package io.augflow.train.backend;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.environment.Nd4jEnvironment;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device a training task's threads run ND4J on: reads the GPU Spark assigned the task, lets
 * {@link GpuDeviceChoice} decide, and binds ND4J to it. Without any GPU request it is {@link #CPU} and touches nothing.
 *
 * <p>How it binds, read from ND4J 1.0.0-M2.1: its {@code AffinityManager} has no {@code attachThreadToDevice} any
 * more; a thread's device is the CUDA runtime's current device of that thread ({@code getDeviceForCurrentThread()}
 * asks libnd4j), which libnd4j hands out round-robin to each new thread of the JVM, starting at device 0 in every
 * JVM. {@code unsafeSetDevice} sets it ({@code cudaSetDevice}) for the calling thread only, so every thread that
 * creates arrays for the network must bind itself, before it creates any: the task's thread (network, fit) and the
 * prefetch thread (the minibatches). Setting {@code CUDA_VISIBLE_DEVICES} per executor would be simpler, but Spark
 * learns an executor's GPUs only once its JVM runs, when the variable can no longer change, and
 * {@code spark.executorEnv.*} is the same for all executors.
 *
 * <p>Limits: ND4J may already have created a CUDA context on the device libnd4j gave the thread that loaded it, before
 * the first bind (a few hundred MB on that GPU); a Spark thread reused by a task on another device drops its
 * workspaces and ND4J's current context before switching (ND4J's own {@code replicateToDevice} switches that way).
 * Not run on a GPU here: this project's machines have none.
 */
public final class TaskDevice {
    private static final Logger LOG = LoggerFactory.getLogger(TaskDevice.class);
    /** The start of the log line naming an executor's device, for whoever greps executor logs. */
    public static final String DEVICE_LOG = "ND4J bound to GPU";
    /** The key of {@link #poolKey()} for the CPU path. */
    public static final int CPU_KEY = -1;
    /** No GPU asked for: ND4J's own choice, unchanged. */
    public static final TaskDevice CPU = new TaskDevice(Optional.empty());

    /** The device this class bound the current thread to, {@code null} before the first bind. */
    private static final ThreadLocal<Integer> BOUND = new ThreadLocal<>();
    /** Devices already logged in this JVM: one line per executor and device. */
    private static final Set<Integer> LOGGED = ConcurrentHashMap.newKeySet();

    private final Optional<GpuDeviceChoice> choice;

    private TaskDevice(Optional<GpuDeviceChoice> choice) {
        this.choice = choice;
    }

    /**
     * Decides the current Spark task's device and binds the calling thread to it; call on the task's thread before
     * anything creates an array (a network, a parameter copy).
     *
     * @return {@link #CPU} when the task asks for no GPU
     * @throws GpuUnavailableException when a GPU is asked for but ND4J cannot train on it
     */
    public static TaskDevice forCurrentTask() {
        GpuRequest request = currentRequest();
        if (!request.wantsGpu()) {
            return CPU;
        }
        TaskDevice device = new TaskDevice(GpuDeviceChoice.choose(request, System.getenv(), nd4jDevices()));
        device.bindCurrentThread();
        return device;
    }

    /** Binds the calling thread (a helper thread of the task, such as its prefetch thread) to the task's device. */
    public void bindCurrentThread() {
        choice.ifPresent(TaskDevice::bind);
    }

    /** @return the chosen device, empty on the CPU path */
    public Optional<GpuDeviceChoice> choice() {
        return choice;
    }

    /** @return a key for per-device caches: the ND4J device, or {@link #CPU_KEY} */
    public int poolKey() {
        return choice.map(GpuDeviceChoice::device).orElse(CPU_KEY);
    }

    /** What the current Spark task (or, outside one, this JVM) asks for. */
    static GpuRequest currentRequest() {
        SparkEnv env = SparkEnv.get();
        double amount = env == null ? 0 : env.conf().getDouble(GpuRequest.TASK_AMOUNT_KEY, 0);
        TaskContext task = TaskContext.get();
        ResourceInformation gpus = task == null ? null : task.resourcesJMap().get(GpuRequest.RESOURCE);
        List<String> assigned = gpus == null ? List.of() : Arrays.asList(gpus.addresses());
        return new GpuRequest(amount, assigned, System.getProperty(GpuRequest.LOCAL_ADDRESS_KEY));
    }

    /** What ND4J reports in this JVM (loads ND4J's backend). */
    public static Nd4jDevices nd4jDevices() {
        Object name = Nd4j.getExecutioner().getEnvironmentInformation().get(Nd4jEnvironment.BACKEND_KEY);
        String backend = name == null ? Nd4j.getBackend().getClass().getSimpleName() : name.toString();
        boolean cuda = backend.equalsIgnoreCase("CUDA") || backend.contains("Cublas");
        // one name for the CUDA backend, whatever ND4J calls it: the smoke script and log readers look for "CUDA"
        return cuda ? Nd4jDevices.cuda(Nd4j.getAffinityManager().getNumberOfDevices())
                : new Nd4jDevices(backend, false, 0);
    }

    private static void bind(GpuDeviceChoice choice) {
        int device = choice.device();
        AffinityManager affinity = Nd4j.getAffinityManager();
        Integer before = BOUND.get();
        if (before == null) {
            // first bind of this thread: set the device without asking ND4J for this thread's context first, which
            // would create one on the device libnd4j handed the thread
            affinity.unsafeSetDevice(device);
        } else if (before != device) {
            // a Spark thread reused by a task of another GPU: drop what it holds there, as ND4J does before it
            // switches a thread (CudaAffinityManager.replicateToDevice)
            Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
            Nd4j.getMemoryManager().releaseCurrentContext();
            affinity.unsafeSetDevice(device);
        }
        BOUND.set(device);
        int now = affinity.getDeviceForCurrentThread();
        if (now != device) {
            throw new GpuUnavailableException(choice.describe() + ": ND4J kept thread '"
                    + Thread.currentThread().getName() + "' on device " + now + " after unsafeSetDevice(" + device
                    + ")");
        }
        if (LOGGED.add(device)) {
            LOG.info("{} in this JVM: {}", DEVICE_LOG, choice.describe());
            choice.warnings().forEach(w -> LOG.warn("GPU device of this executor: {}", w));
        }
    }
}
