package io.augflow.train.feed;

import io.augflow.train.backend.CpuBackend;
import io.augflow.train.backend.Nd4jDevices;
import io.augflow.train.backend.OneDnnStatus;
import io.augflow.train.backend.TaskDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ND4J settings an executor JVM needs before it trains: applied once, from the first minibatch load,
 * because DL4J's Spark worker gives augflow no earlier hook on the executor. The JVM flags themselves
 * ({@code spark.executor.extraJavaOptions}) come from {@code CpuLaunchSettings}. It also logs, once per JVM,
 * whether convolutions run through oneDNN there: a cluster whose executors miss the flags trains about five
 * times slower, and the executor log is the only place that shows it.
 */
public final class ExecutorBackend {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorBackend.class);
    /** The start of the log line, for whoever greps executor logs (the cluster test does). */
    public static final String ONEDNN_ACTIVE = "oneDNN convolution helper active";
    private static volatile boolean tuned;

    private ExecutorBackend() {}

    static void ensureTuned() {
        if (!tuned) {
            synchronized (ExecutorBackend.class) {
                if (!tuned) {
                    CpuBackend.tuneNd4j();
                    Nd4jDevices nd4j = TaskDevice.nd4jDevices();
                    if (nd4j.cuda()) {
                        // the GPU build: no oneDNN to check; TaskDevice logs the device of each GPU task
                        LOG.info("ND4J runs its {} backend in this JVM: the oneDNN check does not apply", nd4j);
                    } else {
                        report(CpuBackend.status());
                    }
                    tuned = true;
                }
            }
        }
    }

    private static void report(OneDnnStatus status) {
        if (status.oneDnnActive()) {
            LOG.info("{} in this JVM: {}", ONEDNN_ACTIVE, status);
        } else if (status.helpersDisabled()) {
            LOG.info("oneDNN switched off in this JVM (the plain path, {}=false): {}", CpuBackend.ONEDNN_KEY, status);
        } else {
            LOG.warn("oneDNN convolution helper NOT active in this JVM although the helpers are on: {}; training"
                    + " here takes DL4J's slow built-in path (see README, \"Training speed on CPU\")", status);
        }
    }
}
