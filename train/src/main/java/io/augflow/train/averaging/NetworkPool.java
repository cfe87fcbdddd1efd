package io.augflow.train.averaging;

import java.util.ArrayDeque;
import java.util.Deque;
import org.deeplearning4j.nn.api.Model;

/**
 * The networks a JVM's workers keep between averaging rounds, so a round costs a parameter copy instead of building
 * and initialising a network from JSON (what DL4J's workers do every round). A task takes an idle network of its
 * run, or builds one, and gives it back when the round ends; a network in use is never shared. At most
 * {@link #MAX_IDLE} idle networks are kept per JVM, all of the latest run: a new run drops the earlier run's.
 */
public final class NetworkPool {
    /** Idle networks kept per JVM: one per concurrent task of an executor with up to this many cores. */
    public static final int MAX_IDLE = 8;

    private static final Deque<Model> IDLE = new ArrayDeque<>();
    private static String idleRun = "";

    private NetworkPool() {}

    /** An idle network of the blueprint's run, or a new one. The caller overwrites its parameters. */
    public static Model take(NetworkBlueprint blueprint) {
        synchronized (IDLE) {
            if (blueprint.runId().equals(idleRun) && !IDLE.isEmpty()) {
                return IDLE.pop();
            }
        }
        return blueprint.build();
    }

    /** Gives a network back after a round; it is dropped when it belongs to an older run or the pool is full. */
    public static void give(NetworkBlueprint blueprint, Model network) {
        synchronized (IDLE) {
            if (!blueprint.runId().equals(idleRun)) {
                IDLE.clear();
                idleRun = blueprint.runId();
            }
            if (IDLE.size() < MAX_IDLE) {
                IDLE.push(network);
            }
        }
    }

    /** Idle networks held now (tests). */
    static int idle() {
        synchronized (IDLE) {
            return IDLE.size();
        }
    }
}
