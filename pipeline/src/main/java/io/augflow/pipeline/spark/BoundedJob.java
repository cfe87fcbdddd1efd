package io.augflow.pipeline.spark;

import java.time.Duration;
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
 */
public final class BoundedJob {
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
        Future<T> result = RUNNER.submit(() -> {
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
