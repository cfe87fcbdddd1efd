package io.augflow.jobs.cluster;

import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kills one executor JVM with SIGKILL ({@link ProcessHandle#destroyForcibly()}) the moment the driver logs that the
 * first task of a chosen stage was launched on it. What happens then is the cluster's business: the driver loses the
 * executor's running task, cached blocks and shuffle output, and its worker starts a new executor.
 *
 * <p>The stage is chosen by its call site as the driver's {@code DAGScheduler} logs it ("Submitting ResultStage 19
 * (MapPartitionsRDD[46] at treeAggregate at ParameterAveragingTrainingMaster.java:662), ..."), and the trigger is the
 * {@code TaskSetManager} line "Starting task 0.0 in stage 19.0 (TID 22) (127.0.0.1, executor 1, ...)", both read as
 * they are written, so the kill lands while that task runs: the executor has just been sent the task, and the tasks
 * chosen here (a training round, a Parquet write) take far longer than the few milliseconds the kill needs.
 */
final class ExecutorKill implements DriverWatcher {
    static final Pattern STAGE_SUBMITTED = Pattern.compile(
            "Submitting (?:ResultStage|ShuffleMapStage) (\\d+) \\((.*)\\)");
    static final Pattern TASK_STARTED = Pattern.compile(
            "Starting task \\S+ in stage (\\d+)\\.\\d+ \\(TID (\\d+)\\) \\([^,]*, executor ([^,\\s]+),");

    /** What was killed, and the driver line that triggered it. */
    record Killed(String executor, long pid, int stage, long taskId, String trigger) {}

    private final String callSite;
    private volatile int stage = -1;
    private volatile Killed killed;
    private volatile String failure;

    private ExecutorKill(String callSite) {
        this.callSite = callSite;
    }

    /**
     * Kills the executor that runs the first task of the first stage whose RDD was created at {@code callSite}
     * (e.g. {@code "parquet at IngestJob"}).
     */
    static ExecutorKill inFirstStageAt(String callSite) {
        return new ExecutorKill(callSite);
    }

    @Override
    public void onLine(String line, Supplier<Map<String, ProcessHandle>> executors) {
        if (killed != null || failure != null) {
            return;
        }
        if (stage < 0) {
            Matcher submitted = STAGE_SUBMITTED.matcher(line);
            if (submitted.find() && submitted.group(2).contains(callSite)) {
                stage = Integer.parseInt(submitted.group(1));
            }
            return;
        }
        Matcher m = TASK_STARTED.matcher(line);
        if (!m.find() || Integer.parseInt(m.group(1)) != stage) {
            return;
        }
        String executor = m.group(3);
        Map<String, ProcessHandle> live = executors.get();
        ProcessHandle process = live.get(executor);
        if (process == null) {
            failure = "executor " + executor + " of '" + line + "' is not among the live executor JVMs "
                    + live.keySet();
            return;
        }
        process.destroyForcibly();
        killed = new Killed(executor, process.pid(), stage, Long.parseLong(m.group(2)), line);
    }

    /**
     * @return what was killed
     * @throws AssertionError when nothing was (no such stage, or its executor not found)
     */
    Killed killed() {
        if (killed == null) {
            throw new AssertionError("no executor was killed (waiting for the first task of a stage at '" + callSite
                    + "'; stage " + (stage < 0 ? "never submitted" : stage) + (failure == null ? "" : "; " + failure)
                    + ")");
        }
        return killed;
    }
}
