package io.augflow.train.backend;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkConf;

/**
 * The JVM options and environment every training JVM must be started with: the launcher's driver JVM, Surefire's
 * forks (parent pom) and Spark executors ({@link #applyTo(SparkConf)}).
 *
 * <p>Why here and not in code run inside the JVM: {@code OMP_NUM_THREADS} and {@code OMP_WAIT_POLICY} are read by
 * the OpenMP runtime when libnd4j loads, and DL4J's Spark worker builds its network on the executor before any
 * augflow code runs there, so both must be set by whoever starts the process.
 *
 * @param oneDnn        {@code true} for the oneDNN layer helpers (default), {@code false} for DL4J's built-in layers
 * @param ompThreads    OpenMP threads per JVM: the threads each concurrent training task may use
 *                      ({@code spark.task.cpus}, default 1), not the JVM's cores
 * @param ompWaitPolicy {@code PASSIVE} (default: idle threads sleep) or {@code ACTIVE} (they spin)
 */
public record CpuLaunchSettings(boolean oneDnn, int ompThreads, String ompWaitPolicy) {

    /** Spark's key for extra executor JVM options. */
    public static final String EXECUTOR_JAVA_OPTIONS = "spark.executor.extraJavaOptions";
    /** Spark's prefix for executor environment variables. */
    public static final String EXECUTOR_ENV_PREFIX = "spark.executorEnv.";

    /** Validates the values. */
    public CpuLaunchSettings {
        if (ompThreads < 1) {
            throw new IllegalArgumentException("ompThreads must be >= 1, got " + ompThreads);
        }
        if (ompWaitPolicy == null) {
            throw new IllegalArgumentException("ompWaitPolicy must be PASSIVE or ACTIVE, got null");
        }
        ompWaitPolicy = ompWaitPolicy.trim().toUpperCase(Locale.ROOT);
        if (!ompWaitPolicy.equals("PASSIVE") && !ompWaitPolicy.equals("ACTIVE")) {
            throw new IllegalArgumentException("ompWaitPolicy must be PASSIVE or ACTIVE, got '" + ompWaitPolicy + "'");
        }
    }

    /**
     * The measured default: oneDNN on, passive waiting, and as many OpenMP threads as one task may use. Parameter
     * averaging runs one training task per core slot, all at once, each fitting its own network; with OpenMP sized to
     * the JVM's cores every op of every task started that many threads, and two tasks on two cores ran 1.6x slower
     * than with one thread each (bench/README.md, "End-to-end training speed").
     *
     * @param threadsPerTask {@code spark.task.cpus} (default 1): the cores each concurrent task may use
     * @return the settings
     */
    public static CpuLaunchSettings defaults(int threadsPerTask) {
        return new CpuLaunchSettings(true, threadsPerTask, "PASSIVE");
    }

    /** @return the {@code -D} options, in order, for the java command line */
    public List<String> jvmOptions() {
        List<String> opts = new ArrayList<>();
        opts.add("-D" + CpuBackend.ONEDNN_KEY + "=" + oneDnn);
        opts.add("-D" + CpuBackend.HELPERS_DISABLE_KEY + "=" + !oneDnn);
        // The build ships only the oneDNN native jar, so the extension is needed by both paths.
        opts.add("-D" + CpuBackend.PLATFORM_EXTENSION_KEY + "=" + CpuBackend.ONEDNN_EXTENSION);
        // Read by CpuBackend.tuneNd4j(), which each JVM calls itself; the flag only carries the value there.
        opts.add("-D" + CpuBackend.ELEMENTWISE_THRESHOLD_KEY + "=" + CpuBackend.DEFAULT_ELEMENTWISE_THRESHOLD);
        return List.copyOf(opts);
    }

    /** @return the environment variables for the process */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OMP_NUM_THREADS", Integer.toString(ompThreads));
        env.put("OMP_WAIT_POLICY", ompWaitPolicy);
        return Map.copyOf(env);
    }

    /**
     * Adds the executor environment and appends the JVM options to {@value #EXECUTOR_JAVA_OPTIONS}, keeping what is
     * there (for example the Java 17 {@code --add-opens} flags). The driver JVM is already running, so its settings
     * must come from the launcher.
     *
     * @param conf the Spark configuration, changed in place
     * @return {@code conf}
     */
    public SparkConf applyTo(SparkConf conf) {
        environment().forEach((k, v) -> conf.set(EXECUTOR_ENV_PREFIX + k, v));
        String existing = conf.get(EXECUTOR_JAVA_OPTIONS, "").trim();
        String added = String.join(" ", jvmOptions());
        conf.set(EXECUTOR_JAVA_OPTIONS, existing.isEmpty() ? added : existing + " " + added);
        return conf;
    }
}
