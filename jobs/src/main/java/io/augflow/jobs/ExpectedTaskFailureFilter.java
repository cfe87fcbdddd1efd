package io.augflow.jobs;

import io.augflow.augment.DataException;
import io.augflow.pipeline.output.OutputWriteException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.filter.AbstractFilter;
import org.apache.logging.log4j.message.Message;

/**
 * Keeps Spark's own report of a failed task off the log when the task failed on bad data or an unwritable output:
 * the CLI reports those as one message, and Spark would print the executor's stack trace twice before it (the
 * executor's "Exception in task", the driver's "Lost task"). Other task failures, bugs above all, stay in the log.
 * Installed for one command by {@link AugflowCli} unless {@code --verbose}; it sees the executors' log only in local
 * mode, where they share the driver's JVM (on a cluster their own logs keep everything).
 */
final class ExpectedTaskFailureFilter extends AbstractFilter {
    static final String EXECUTOR = "org.apache.spark.executor.Executor";
    static final String TASK_SET_MANAGER = "org.apache.spark.scheduler.TaskSetManager";
    /** {@code Lost task 0.0 in stage 3.0 (TID 7) (host executor 1): io.augflow.X: message...}: the class name. */
    private static final Pattern LOST_TASK = Pattern.compile("^Lost task .*?\\): ([\\w.$]+)(?::|$)");

    private final LoggerContext context;

    private ExpectedTaskFailureFilter(LoggerContext context) {
        super(Result.DENY, Result.NEUTRAL);
        this.context = context;
    }

    /**
     * Adds the filter to the logging configuration; returns what removes it. When the logging backend is not
     * log4j-core (a cluster may bind another), nothing is filtered: Spark's log stays as it is.
     */
    static Runnable install() {
        if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
            return () -> { };
        }
        ExpectedTaskFailureFilter filter = new ExpectedTaskFailureFilter(context);
        filter.start();
        filter.configuration().addFilter(filter);
        context.updateLoggers();
        return filter::remove;
    }

    private void remove() {
        configuration().removeFilter(this);
        context.updateLoggers();
        stop();
    }

    private Configuration configuration() {
        return context.getConfiguration();
    }

    /** Whether a log line is Spark reporting a task that failed for an expected reason. */
    static boolean isExpectedTaskFailure(String logger, String message, Throwable thrown) {
        if (EXECUTOR.equals(logger)) {
            return thrown != null && expected(thrown);
        }
        if (TASK_SET_MANAGER.equals(logger) && message != null) {
            Matcher m = LOST_TASK.matcher(message);
            return m.find() && expected(m.group(1));
        }
        return false;
    }

    private static boolean expected(Throwable t) {
        for (Throwable c : FailureReport.chain(t)) {
            if (c instanceof DataException || c instanceof OutputWriteException) {
                return true;
            }
        }
        return false;
    }

    private static boolean expected(String className) {
        try {
            Class<?> type = Class.forName(className, false, ExpectedTaskFailureFilter.class.getClassLoader());
            return DataException.class.isAssignableFrom(type) || OutputWriteException.class.isAssignableFrom(type);
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private Result decide(Logger logger, String message, Throwable thrown) {
        return isExpectedTaskFailure(logger.getName(), message, thrown) ? onMatch : onMismatch;
    }

    @Override
    public Result filter(LogEvent event) {
        return isExpectedTaskFailure(event.getLoggerName(), event.getMessage().getFormattedMessage(), event.getThrown())
                ? onMatch : onMismatch;
    }

    @Override
    public Result filter(Logger logger, Level level, Marker marker, Message msg, Throwable t) {
        return decide(logger, msg == null ? null : msg.getFormattedMessage(), t);
    }

    @Override
    public Result filter(Logger logger, Level level, Marker marker, Object msg, Throwable t) {
        return decide(logger, msg == null ? null : msg.toString(), t);
    }

    @Override
    public Result filter(Logger logger, Level level, Marker marker, String msg, Object... params) {
        Throwable t = params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last
                ? last : null;
        return decide(logger, msg, t);
    }
}
