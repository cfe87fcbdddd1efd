package io.augflow.train.averaging;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;

/**
 * The networks a JVM's workers keep between averaging rounds, so a round costs a parameter copy instead of building
 * and initialising a network from JSON (what DL4J's workers do every round). A task takes an idle network of its
 * run, or builds one, and gives it back when the round ends; a network in use is never shared. At most
 * {@link #MAX_IDLE} idle networks are kept per JVM, all of the latest run: a new run drops the earlier run's.
 *
 * <p>Networks are kept per ND4J device ({@code TaskDevice.poolKey()}): on an executor with several GPUs, a network's
 * arrays live on the GPU of the task that built it, and a task bound to another GPU must not train it.
 */
public final class NetworkPool {
    /** Idle networks kept per JVM: one per concurrent task of an executor with up to this many cores. */
    public static final int MAX_IDLE = 8;

    /** Idle networks by device key; guarded by itself. */
    private static final Map<Integer, Deque<Model>> IDLE = new HashMap<>();
    private static String idleRun = "";

    private NetworkPool() {}

    /**
     * An idle network of the blueprint's run built on {@code device}, or a new one (built on the calling thread's
     * device). The caller overwrites its parameters.
     */
    public static Model take(NetworkBlueprint blueprint, int device) {
        synchronized (IDLE) {
            Deque<Model> idle = IDLE.get(device);
            if (blueprint.runId().equals(idleRun) && idle != null && !idle.isEmpty()) {
                return idle.pop();
            }
        }
        return blueprint.build();
    }

    /** Gives a network back after a round; it is dropped when it belongs to an older run or the pool is full. */
    public static void give(NetworkBlueprint blueprint, int device, Model network) {
        synchronized (IDLE) {
            if (!blueprint.runId().equals(idleRun)) {
                IDLE.clear();
                idleRun = blueprint.runId();
            }
            if (idle() < MAX_IDLE) {
                IDLE.computeIfAbsent(device, d -> new ArrayDeque<>()).push(network);
            }
        }
    }

    /** Idle networks held now (tests). */
    static int idle() {
        synchronized (IDLE) {
            return IDLE.values().stream().mapToInt(Deque::size).sum();
        }
    }
}
