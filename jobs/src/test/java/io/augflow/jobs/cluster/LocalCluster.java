package io.augflow.jobs.cluster;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs augflow jobs the way a user does on a cluster: {@code spark-submit --class io.augflow.jobs.AugflowCli
 * augflow-jobs-submit.jar <job> ...}, here as {@code java -cp "$SPARK_HOME/conf:$SPARK_HOME/jars/*"
 * org.apache.spark.deploy.SparkSubmit ...} (what the {@code spark-submit} script runs) in a child JVM, on the master
 * {@value #MASTER}: the driver JVM hosts a standalone master and two workers, and each worker starts one executor JVM
 * (1 core, 1 GB) that loads the submit jar, fetched from the driver, in its own class loader. Nothing of augflow is
 * on Spark's class path, so a class, resource or native library missing from the submit jar, a closure that does not
 * serialise, or state that only the driver initialises fails here as on a real cluster.
 *
 * <p>Each run gets a folder with its own SPARK_HOME (the workers put executor folders, logs included, under
 * {@code spark-home/work}), its event log ({@code events/}), Spark's local dirs and JVM temp dirs, and the driver's
 * output ({@code driver.log}). The copies of the submit jar the executors fetched are deleted after the run.
 */
final class LocalCluster {
    /** Two workers with one core and 1024 MB each: two executor JVMs. */
    static final String MASTER = "local-cluster[2,1,1024]";
    static final String MAIN_CLASS = "io.augflow.jobs.AugflowCli";
    static final String EXECUTOR_BACKEND = "org.apache.spark.executor.CoarseGrainedExecutorBackend";
    /** The DL4J switches the launcher and Surefire pass (README "Training speed"): oneDNN helpers on. */
    static final List<String> DL4J_FLAGS = List.of("-Dorg.eclipse.deeplearning4j.helpers.disable=false",
            "-Dorg.bytedeco.javacpp.platform.extension=-onednn");
    /**
     * For the test only: these JVMs live a minute or two on two shared cores, so the quick C1 compiler alone and a
     * single-threaded collector finish sooner than C2 warm-up and G1's threads. They change speed, not behaviour.
     */
    static final List<String> QUICK_START_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    /** A run that takes longer has hung (a run takes 0.5-2 minutes on a shared 2-core machine). */
    static final long TIMEOUT_SECONDS = 600;

    private final LocalSparkHome sparkHome;
    private final Path submitJar;
    private final List<String> addOpens;

    LocalCluster(LocalSparkHome sparkHome, Path submitJar, List<String> addOpens) {
        if (!Files.isRegularFile(submitJar)) {
            throw new IllegalStateException("no submit jar at " + submitJar + " (built by `mvn package`)");
        }
        this.sparkHome = sparkHome;
        this.submitJar = submitJar;
        this.addOpens = List.copyOf(addOpens);
    }

    /**
     * The cluster described by the system properties Failsafe sets (jobs/pom.xml): {@code augflow.it.dir},
     * {@code augflow.it.submitJar}, {@code augflow.it.sparkClasspath} (class path lists, comma-separated) and
     * {@code augflow.it.addOpens}.
     */
    static LocalCluster fromSystemProperties() {
        Path dir = Path.of(required("augflow.it.dir"));
        List<Path> lists = Arrays.stream(required("augflow.it.sparkClasspath").split(",")).map(String::trim)
                .map(Path::of).toList();
        LocalSparkHome home = LocalSparkHome.prepare(dir.resolve("spark-dist"), lists);
        List<String> opens = Arrays.stream(required("augflow.it.addOpens").trim().split("\\s+")).toList();
        return new LocalCluster(home, Path.of(required("augflow.it.submitJar")), opens);
    }

    private static String required(String key) {
        String value = System.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + key + " is not set (Failsafe sets it: run through"
                    + " `mvn verify`, see jobs/pom.xml)");
        }
        return value;
    }

    /**
     * Submits {@code augflowArgs} (the job and its options) and waits for the driver to exit.
     *
     * @param runDir  the run's folder, created (must not exist yet)
     * @param watcher sees the driver's output as it is printed
     * @return the finished run, whatever its exit code
     */
    SubmitResult submit(Path runDir, DriverWatcher watcher, String... augflowArgs) {
        try {
            Files.createDirectories(runDir.getParent());
            Files.createDirectory(runDir);
            Path home = sparkHome.newHome(runDir);
            Path events = Files.createDirectory(runDir.resolve("events"));
            Path tmp = Files.createDirectory(runDir.resolve("tmp"));
            Path local = Files.createDirectory(runDir.resolve("local"));

            List<String> jvm = new ArrayList<>();
            jvm.addAll(addOpens);
            jvm.addAll(DL4J_FLAGS);
            jvm.addAll(QUICK_START_FLAGS);
            jvm.add("-Djava.io.tmpdir=" + tmp); // OpenCV and JavaCPP unpack natives there; a killed JVM leaves them

            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            // spark-submit puts --driver-memory and --driver-java-options on the driver's java command line; so do we.
            cmd.add("-Xmx1g");
            cmd.addAll(jvm);
            cmd.add("-cp");
            cmd.add(home.resolve("conf") + "/:" + home.resolve("jars") + "/*");
            cmd.add("org.apache.spark.deploy.SparkSubmit");
            cmd.addAll(List.of("--master", MASTER, "--deploy-mode", "client", "--class", MAIN_CLASS,
                    "--name", "augflow-it-" + runDir.getFileName()));
            Map<String, String> conf = new LinkedHashMap<>();
            conf.put("spark.executor.extraJavaOptions", String.join(" ", jvm));
            conf.put("spark.eventLog.enabled", "true");
            conf.put("spark.eventLog.dir", events.toUri().toString());
            conf.put("spark.local.dir", local.toString());
            // Start only when both executors are registered, so work can spread over both from the first task.
            conf.put("spark.cores.max", "2");
            conf.put("spark.scheduler.minRegisteredResourcesRatio", "1.0");
            conf.put("spark.scheduler.maxRegisteredResourcesWaitingTime", "120s");
            // Two cores in all: augflow.conf's 8 shuffle partitions would only add task overhead.
            conf.put("spark.sql.shuffle.partitions", "2");
            conf.forEach((k, v) -> {
                cmd.add("--conf");
                cmd.add(k + "=" + v);
            });
            cmd.add(submitJar.toString());
            cmd.addAll(List.of(augflowArgs));
            return run(runDir, home, cmd, watcher);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the run in " + runDir, e);
        }
    }

    private static SubmitResult run(Path runDir, Path home, List<String> cmd, DriverWatcher watcher)
            throws IOException {
        Files.writeString(runDir.resolve("command.txt"), String.join("\n", cmd) + "\n");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(runDir.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        Stream.of("SPARK_CONF_DIR", "SPARK_DIST_CLASSPATH", "HADOOP_CONF_DIR", "YARN_CONF_DIR", "SPARK_LOCAL_DIRS",
                "SPARK_WORKER_DIR", "SPARK_JAVA_OPTS", "JAVA_TOOL_OPTIONS").forEach(env::remove);
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_SCALA_VERSION", "2.12");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        // The driver averages parameters with ND4J; executors get theirs from spark.executorEnv (train sets them).
        env.put("OMP_NUM_THREADS", "1");
        env.put("OMP_WAIT_POLICY", "PASSIVE");

        long start = System.nanoTime();
        Process driver = pb.start();
        Map<String, Set<Long>> seen = Collections.synchronizedMap(new TreeMap<>());
        Thread sampler = new Thread(() -> {
            while (driver.isAlive()) {
                executors(driver).forEach((id, p) -> seen.computeIfAbsent(id, k -> new TreeSet<>()).add(p.pid()));
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "executor-sampler");
        sampler.setDaemon(true);
        sampler.start();

        List<String> output = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(driver.getInputStream(),
                    StandardCharsets.UTF_8));
                 BufferedWriter log = Files.newBufferedWriter(runDir.resolve("driver.log"))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    output.add(line);
                    log.write(line);
                    log.newLine();
                    log.flush();
                    watcher.onLine(line, () -> executors(driver));
                }
            } catch (IOException e) {
                output.add("[harness] reading the driver's output failed: " + e);
            }
        }, "driver-output");
        reader.setDaemon(true);
        reader.start();

        boolean finished;
        try {
            finished = driver.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!finished) {
                driver.descendants().forEach(ProcessHandle::destroyForcibly);
                driver.destroyForcibly().waitFor();
            }
            reader.join(10_000);
            sampler.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            driver.descendants().forEach(ProcessHandle::destroyForcibly);
            driver.destroyForcibly();
            throw new IllegalStateException("interrupted while waiting for " + runDir, e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // Executors end with their driver; make sure none outlives the run whatever happened.
        driver.descendants().forEach(ProcessHandle::destroyForcibly);
        deleteFetchedJars(home.resolve("work"));
        deleteTree(runDir.resolve("local"));
        if (!finished) {
            output.add("[harness] killed after " + TIMEOUT_SECONDS + " s");
        }
        return new SubmitResult(runDir.getFileName().toString(), finished ? driver.exitValue() : -1, seconds,
                driver.pid(), List.copyOf(output), Map.copyOf(seen), EventLog.read(runDir.resolve("events")), runDir);
    }

    /**
     * The live executor JVMs of {@code driver}, by Spark executor id (from their command lines). Only its children:
     * the workers inside the driver JVM start executors directly, and a process an executor forks (Hadoop runs shell
     * commands) shows the executor's command line until it execs.
     */
    static Map<String, ProcessHandle> executors(Process driver) {
        Map<String, ProcessHandle> found = new TreeMap<>();
        driver.children().forEach(p -> executorId(commandLine(p)).ifPresent(id -> found.put(id, p)));
        return found;
    }

    /** {@code --executor-id} of a {@code CoarseGrainedExecutorBackend} command line. */
    static Optional<String> executorId(List<String> args) {
        if (!args.contains(EXECUTOR_BACKEND)) {
            return Optional.empty();
        }
        int i = args.indexOf("--executor-id");
        return i >= 0 && i + 1 < args.size() ? Optional.of(args.get(i + 1)) : Optional.empty();
    }

    /** The full command line, from /proc (ProcessHandle.Info may shorten long ones); empty once the process ended. */
    static List<String> commandLine(ProcessHandle p) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline"));
            return Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0"));
        } catch (IOException e) {
            return p.info().arguments().map(List::of).orElse(List.of());
        }
    }

    private static void deleteFetchedJars(Path work) throws IOException {
        if (!Files.isDirectory(work)) {
            return;
        }
        try (var files = Files.walk(work)) {
            for (Path jar : files.filter(f -> f.toString().endsWith(".jar") && Files.isRegularFile(f)).toList()) {
                Files.deleteIfExists(jar);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> all;
        try (var files = Files.walk(dir)) {
            all = new ArrayList<>(files.toList());
        }
        Collections.reverse(all);
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }
}
