package io.augflow.train.feed;

import io.augflow.train.backend.CpuBackend;

/**
 * The ND4J settings an executor JVM needs before it trains: applied once, from the first minibatch load,
 * because DL4J's Spark worker gives augflow no earlier hook on the executor. The JVM flags themselves
 * ({@code spark.executor.extraJavaOptions}) come from {@code CpuLaunchSettings}.
 */
final class ExecutorBackend {
    private static volatile boolean tuned;

    private ExecutorBackend() {}

    static void ensureTuned() {
        if (!tuned) {
            synchronized (ExecutorBackend.class) {
                if (!tuned) {
                    CpuBackend.tuneNd4j();
                    tuned = true;
                }
            }
        }
    }
}
