package io.augflow.pipeline.spark;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;

/**
 * Runs driver code that starts Spark jobs under a time limit: the jobs run in their own job group, and when the
 * limit passes the group is cancelled (tasks interrupted) and {@link JobTimeoutException} is thrown. A job that
 * can never finish (a task waiting on a dead thread, an executor that stopped answering) so ends the run with a
 * message instead of hanging it. Failures of the jobs reach the caller as they were thrown, unwrapped.
 *
 * <p>Spark's local properties belong to a thread, and the pool's threads are reused by whichever caller comes next:
 * the caller's {@link #HANDED_OVER} properties are set on the running thread for each action (and cleared when the
 * caller has none), so the jobs of a tune trial run in that trial's FAIR pool and carry its job tags.
 */
public final class BoundedJob {
    /**
     * The caller's local properties its jobs keep: the FAIR scheduler pool, and the job tags (so the caller can cancel
     * all of its jobs with {@code SparkContext.cancelJobsWithTag}).
     */
    public static final List<String> HANDED_OVER = List.of("spark.scheduler.pool", "spark.job.tags");

    private static final ExecutorService RUNNER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "augflow-bounded-job");
        t.setDaemon(true);
        return t;
    });

    private BoundedJob() {}

    /**
     * The result of {@code action}, run on another driver thread with its Spark jobs in a fresh job group.
     *
     * @param what names the work in messages and in Spark's UI, e.g. "epoch 3, averaging round 17"
     * @throws JobTimeoutException when {@code timeout} passed first (the jobs were cancelled)
     */
    public static <T> T run(SparkContext sc, String what, Duration timeout, Supplier<T> action) {
        return run(sc, what, timeout, "augflow.train.round-timeout", action);
    }

    /**
     * As {@link #run(SparkContext, String, Duration, Supplier)}, for work whose limit is set elsewhere.
     *
     * @param limitSetting how the user raises the limit, named in the timeout's message
     */
    public static <T> T run(SparkContext sc, String what, Duration timeout, String limitSetting, Supplier<T> action) {
        String group = "augflow-" + UUID.randomUUID();
        Map<String, String> caller = callerProperties(sc);
        Future<T> result = RUNNER.submit(() -> {
            caller.forEach(sc::setLocalProperty); // a null value clears what the thread's previous user left
            sc.setJobGroup(group, what, true);
            try {
                return action.get();
            } finally {
                sc.clearJobGroup();
            }
        });
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            sc.cancelJobGroup(group);
            result.cancel(true);
            throw new JobTimeoutException(what + " did not finish within " + describe(timeout)
                    + " and was cancelled; raise the limit if the work is just slow (" + limitSetting + ")", e);
        } catch (InterruptedException e) {
            sc.cancelJobGroup(group);
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new SparkJobException(what + " failed: " + rootMessage(cause), cause);
        }
    }

    /** The calling thread's values of {@link #HANDED_OVER}, null for those it has not set. */
    private static Map<String, String> callerProperties(SparkContext sc) {
        Map<String, String> values = new LinkedHashMap<>();
        HANDED_OVER.forEach(key -> values.put(key, sc.getLocalProperty(key)));
        return values;
    }

    /** The innermost message of a failure's cause chain (Spark wraps an executor's exception two or three times). */
    public static String rootMessage(Throwable t) {
        Throwable deepest = t;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        String m = deepest.getMessage();
        return m != null ? m : deepest.getClass().getName();
    }

    static String describe(Duration d) {
        long s = d.toSeconds();
        return s >= 120 && s % 60 == 0 ? (s / 60) + " minutes" : s + " s";
    }

    /** The work ran longer than its limit and was cancelled. */
    public static final class JobTimeoutException extends RuntimeException {
        public JobTimeoutException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A Spark job failed with a checked exception (usually {@code SparkException}: a task failed). */
    public static final class SparkJobException extends RuntimeException {
        public SparkJobException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
