package io.augflow.jobs.cluster;

import java.util.Map;
import java.util.function.Supplier;

/** Sees each line the driver prints (stdout and stderr, merged), as it is printed, while the driver runs. */
interface DriverWatcher {
    DriverWatcher NONE = (line, executors) -> { };

    /**
     * @param line      one line of the driver's output
     * @param executors the executor JVMs alive now, by Spark executor id (looked up when called)
     */
    void onLine(String line, Supplier<Map<String, ProcessHandle>> executors);
}
