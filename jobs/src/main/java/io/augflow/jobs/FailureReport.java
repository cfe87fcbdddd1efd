package io.augflow.jobs;

import com.typesafe.config.ConfigException;
import io.augflow.augment.DataException;
import io.augflow.jobs.tune.StudyFailedException;
import io.augflow.pipeline.output.OutputWriteException;
import io.augflow.pipeline.spark.BoundedJob;
import io.augflow.train.backend.GpuUnavailableException;
import io.augflow.train.registry.ChampionUnchangedException;
import io.augflow.train.registry.RegistryLockedException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.spark.SparkException;
import org.apache.spark.sql.streaming.StreamingQueryException;
import picocli.CommandLine;

/**
 * What a job's failure means for whoever ran it: its {@link Kind} (and so its exit code), the one message to print,
 * and what to do about it. Expected failures (bad configuration, bad data, a held lock, an output that cannot be
 * written) are reported without a stack trace; anything else is a bug, reported with one.
 *
 * <p>The whole cause chain is searched, because Spark wraps an executor's exception in a {@code SparkException}
 * (whose message is "Job aborted due to stage failure: ..." and the executor's stack trace), and jobs wrap Spark's
 * checked exceptions again. Data problems win over everything else and the innermost one is reported: it is the
 * one that names the file or row.
 *
 * @param kind    what went wrong
 * @param message the message to print: the innermost meaningful one
 */
public record FailureReport(Kind kind, String message) {
    /** Deep enough for any real chain; a guard against a cause chain that loops through a custom getCause. */
    private static final int MAX_DEPTH = 64;

    /** The kinds of failure, each with its exit code, the label printed before the message, and what to do. */
    public enum Kind {
        CONFIGURATION(ExitCodes.USAGE, "invalid option or configuration",
                "correct the option or configuration key named above ('augflow <job> --help' lists the options,"
                        + " conf/augflow.conf documents every key)"),
        DATA(ExitCodes.DATA, "data error", "fix or replace the input named above, then run again"),
        GPU(ExitCodes.USAGE, "GPU not usable",
                "run the -Pgpu build on hosts whose GPUs ND4J can see, or drop the GPU request"
                        + " (spark.task.resource.gpu.amount, augflow.gpu.address) to train on the CPU"
                        + " (README, \"GPU executors\")"),
        LOCKED(ExitCodes.LOCKED, "locked", "nothing was done; run again once the other run has ended"),
        NOTHING_TO_DO(ExitCodes.LOCKED, "nothing to do", "nothing was changed"),
        STUDY_FAILED(ExitCodes.FAILED, "every trial failed",
                "no trial of the study finished: fix what the reasons above name (the search space, the configuration"
                        + " or the data; each trial's reason is in the study's study.json), then search again in a new"
                        + " study folder (a failed trial is not rerun)"),
        TIMEOUT(ExitCodes.FAILED, "timed out",
                "the work named above stalled or is slower than its limit allows: look at the executors' logs for a"
                        + " stuck task; raise augflow.train.round-timeout if the work is only slow"),
        OUTPUT(ExitCodes.FAILED, "failed",
                "make the output writable (free space, permissions, the mount) or choose another, then run again"),
        UNEXPECTED(ExitCodes.FAILED, "failed",
                "an unexpected failure (a bug, or a fault augflow does not know): the stack trace follows; report it"
                        + " with the command line");

        private final int exitCode;
        private final String label;
        private final String advice;

        Kind(int exitCode, String label, String advice) {
            this.exitCode = exitCode;
            this.label = label;
            this.advice = advice;
        }

        /** Whether the failure is one a job is built to meet: no stack trace unless asked for. */
        public boolean expected() {
            return this != UNEXPECTED;
        }
    }

    /** The report of {@code failure}, the exception a job's {@code call()} threw. */
    public static FailureReport of(Throwable failure) {
        List<Throwable> chain = chain(failure);
        Throwable data = innermost(chain, DataException.class);
        if (data != null) {
            return new FailureReport(Kind.DATA, message(data));
        }
        Throwable gpu = innermost(chain, GpuUnavailableException.class);
        if (gpu != null) {
            return new FailureReport(Kind.GPU, message(gpu));
        }
        Throwable locked = innermost(chain, RegistryLockedException.class);
        if (locked != null) {
            return new FailureReport(Kind.LOCKED, message(locked));
        }
        Throwable unchanged = innermost(chain, ChampionUnchangedException.class);
        if (unchanged != null) {
            return new FailureReport(Kind.NOTHING_TO_DO, message(unchanged));
        }
        Throwable study = innermost(chain, StudyFailedException.class);
        if (study != null) {
            return new FailureReport(Kind.STUDY_FAILED, message(study));
        }
        Throwable timeout = innermost(chain, BoundedJob.JobTimeoutException.class);
        if (timeout != null) {
            return new FailureReport(Kind.TIMEOUT, message(timeout));
        }
        Throwable output = innermost(chain, OutputWriteException.class);
        if (output != null) {
            return new FailureReport(Kind.OUTPUT, message(output));
        }
        // only a configuration exception that is the failure itself (perhaps carried by Spark) counts: one found
        // deeper, as the cause of another failure, may come from anywhere (a library's own argument check)
        Throwable cause = unwrapped(chain);
        if (cause instanceof IllegalArgumentException || cause instanceof ConfigException) {
            return new FailureReport(Kind.CONFIGURATION, message(cause));
        }
        String text = cause.getMessage() == null ? "" : ": " + cause.getMessage().lines().findFirst().orElse("");
        return new FailureReport(Kind.UNEXPECTED, cause.getClass().getSimpleName() + text);
    }

    public int exitCode() {
        return kind.exitCode;
    }

    /**
     * The lines to print on standard error: {@code <command>: <label>: <message>}, then what to do.
     *
     * @param traceFollows whether the stack trace is printed after these lines
     */
    public List<String> lines(String command, boolean traceFollows) {
        String advice = kind.advice;
        if (kind.expected() && !traceFollows) {
            advice += " (--verbose prints the stack trace)";
        }
        return List.of(command + ": " + kind.label + ": " + message, "  " + advice);
    }

    /** {@code t} and its causes, outermost first. */
    static List<Throwable> chain(Throwable t) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable c = t; c != null && chain.size() < MAX_DEPTH && seen.add(c); c = c.getCause()) {
            chain.add(c);
        }
        return chain;
    }

    private static Throwable innermost(List<Throwable> chain, Class<? extends Throwable> type) {
        for (int i = chain.size() - 1; i >= 0; i--) {
            if (type.isInstance(chain.get(i))) {
                return chain.get(i);
            }
        }
        return null;
    }

    /** The first exception of the chain that is not a mere wrapper of its cause. */
    private static Throwable unwrapped(List<Throwable> chain) {
        for (Throwable t : chain) {
            if (!isWrapper(t)) {
                return t;
            }
        }
        return chain.get(chain.size() - 1);
    }

    /**
     * Exceptions that only carry another across a boundary: Spark's job and streaming failures (the executor's
     * exception is the cause), futures, reflection, picocli's wrapping of an {@code Error}, and a plain
     * {@code RuntimeException} made to rethrow a checked one with the same message.
     */
    private static boolean isWrapper(Throwable t) {
        Throwable cause = t.getCause();
        if (cause == null) {
            return false;
        }
        return t instanceof SparkException || t instanceof StreamingQueryException || t instanceof ExecutionException
                || t instanceof CompletionException || t instanceof InvocationTargetException
                || t instanceof UndeclaredThrowableException || t instanceof CommandLine.ExecutionException
                || t.getClass() == RuntimeException.class && (t.getMessage() == null
                        || t.getMessage().equals(cause.getMessage()) || t.getMessage().equals(cause.toString()));
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
