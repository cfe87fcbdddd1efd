package io.augflow.jobs.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One finished spark-submit.
 *
 * @param name          the run's name (its folder under the IT directory)
 * @param exitCode      the driver JVM's exit code (augflow: 0 done, 1 failed, 2 bad usage)
 * @param seconds       wall time of the driver JVM
 * @param driverPid     the driver JVM's process id
 * @param output        the driver's stdout and stderr, merged, line by line
 * @param executorPids  every executor JVM seen while the driver ran: Spark executor id to process ids
 * @param events        the application's event log
 * @param runDir        the run's folder: driver.log, events/, spark-home/work/ (executor logs)
 */
record SubmitResult(String name, int exitCode, double seconds, long driverPid, List<String> output,
        Map<String, Set<Long>> executorPids, EventLog events, Path runDir) {

    /** The last {@code n} lines of the driver's output, for failure messages. */
    String tail(int n) {
        return String.join("\n", output.subList(Math.max(0, output.size() - n), output.size()));
    }

    /** A summary for failure messages: name, exit code, where the logs are, and the end of the driver's output. */
    String describe() {
        return "spark-submit '" + name + "' exited with " + exitCode + " after " + Math.round(seconds) + " s (logs in "
                + runDir + ")\n" + tail(60);
    }
}
