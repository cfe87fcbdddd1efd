package io.augflow.jobs.cluster;

import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kills one executor JVM with SIGKILL ({@link ProcessHandle#destroyForcibly()}) the moment the driver logs that a task
 * was launched on it, once armed by a line of the driver's output. What happens then is the cluster's business: the
 * driver loses the executor's running tasks, cached blocks and shuffle output, and the worker starts a new executor.
 *
 * <p>The trigger is the driver's own log ({@code TaskSetManager} at INFO: "Starting task 1.0 in stage 3.0 (TID 7)
 * (127.0.0.1, executor 1, ...)"), read as it is written, so the kill lands while that task is running: the executor
 * has just been sent the task, and a task on a young executor JVM takes well over the few milliseconds the kill needs.
 */
final class ExecutorKill implements DriverWatcher {
    static final Pattern TASK_STARTED = Pattern.compile(
            "Starting task \\S+ in stage (\\d+)\\.\\d+ \\(TID (\\d+)\\) \\([^,]*, executor ([^,\\s]+),");

    /** What was killed, and the driver line that triggered it. */
    record Killed(String executor, long pid, int stage, long taskId, String trigger) {}

    private final String description;
    private final Predicate<String> arming;
    private volatile boolean armed;
    private volatile Killed killed;
    private volatile String failure;

    private ExecutorKill(String description, Predicate<String> arming) {
        this.description = description;
        this.arming = arming;
    }

    /** Kills the executor of the first task launched after a driver line containing {@code text}. */
    static ExecutorKill afterLineContaining(String text) {
        return new ExecutorKill("the first task after a line containing '" + text + "'", l -> l.contains(text));
    }

    @Override
    public void onLine(String line, Supplier<Map<String, ProcessHandle>> executors) {
        if (killed != null || failure != null) {
            return;
        }
        if (!armed) {
            armed = arming.test(line);
            return;
        }
        Matcher m = TASK_STARTED.matcher(line);
        if (!m.find()) {
            return;
        }
        String executor = m.group(3);
        Map<String, ProcessHandle> live = executors.get();
        ProcessHandle process = live.get(executor);
        if (process == null) {
            failure = "executor " + executor + " of '" + line + "' is not among the live executor JVMs " + live.keySet();
            return;
        }
        process.destroyForcibly();
        killed = new Killed(executor, process.pid(), Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)), line);
    }

    /**
     * @return what was killed
     * @throws AssertionError when nothing was (never armed, no task after arming, or the executor not found)
     */
    Killed killed() {
        if (killed == null) {
            throw new AssertionError("no executor was killed (waiting for " + description + "; armed " + armed
                    + (failure == null ? "" : "; " + failure) + ")");
        }
        return killed;
    }
}
