package io.augflow.train.averaging;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;

/**
 * The networks a JVM's workers keep between averaging rounds, so a round costs a parameter copy instead of building
 * and initialising a network from JSON (what DL4J's workers do every round). A task takes an idle network of its
 * run, or builds one, and gives it back when the round ends; a network in use is never shared. At most
 * {@link #MAX_IDLE} idle networks are kept per JVM, over all runs.
 *
 * <p>Several runs may train at once in one application (the trials of a tune study, K at a time): each run keeps its
 * own idle networks, so one run's rounds never drop another's. When the pool is full, the idle networks of the run
 * that gave one back least recently go first (a finished run's, as it gives back no more).
 *
 * <p>Networks are kept per ND4J device ({@code TaskDevice.poolKey()}): on an executor with several GPUs, a network's
 * arrays live on the GPU of the task that built it, and a task bound to another GPU must not train it.
 */
public final class NetworkPool {
    /** Idle networks kept per JVM: one per concurrent task of an executor with up to this many cores. */
    public static final int MAX_IDLE = 8;

    /** Idle networks by run, least recently given back first, then by device key; guarded by itself. */
    private static final LinkedHashMap<String, Map<Integer, Deque<Model>>> IDLE = new LinkedHashMap<>(16, 0.75f,
            true);

    private NetworkPool() {}

    /**
     * An idle network of the blueprint's run built on {@code device}, or a new one (built on the calling thread's
     * device). The caller overwrites its parameters.
     */
    public static Model take(NetworkBlueprint blueprint, int device) {
        synchronized (IDLE) {
            Map<Integer, Deque<Model>> run = IDLE.get(blueprint.runId());
            Deque<Model> idle = run == null ? null : run.get(device);
            if (idle != null && !idle.isEmpty()) {
                return idle.pop();
            }
        }
        return blueprint.build();
    }

    /**
     * Gives a network back after a round. When the pool is full, an idle network of the least recently active run
     * is dropped to make room (this run's own only if it is the only one holding any).
     */
    public static void give(NetworkBlueprint blueprint, int device, Model network) {
        synchronized (IDLE) {
            Map<Integer, Deque<Model>> run = IDLE.computeIfAbsent(blueprint.runId(), r -> new HashMap<>());
            if (idle() >= MAX_IDLE) {
                dropOldest();
            }
            run.computeIfAbsent(device, d -> new ArrayDeque<>()).push(network);
        }
    }

    /** Drops one idle network of the least recently active run holding any (the map is in access order). */
    private static void dropOldest() {
        for (Iterator<Map<Integer, Deque<Model>>> runs = IDLE.values().iterator(); runs.hasNext(); ) {
            Map<Integer, Deque<Model>> run = runs.next();
            for (Deque<Model> idle : run.values()) {
                if (!idle.isEmpty()) {
                    idle.removeLast();
                    return;
                }
            }
            runs.remove(); // a run holding nothing: forget it
        }
    }

    /** Idle networks held now (tests). */
    static int idle() {
        synchronized (IDLE) {
            return IDLE.values().stream().flatMap(run -> run.values().stream()).mapToInt(Deque::size).sum();
        }
    }

    /** Idle networks of one run held now (tests). */
    static int idle(String runId) {
        synchronized (IDLE) {
            Map<Integer, Deque<Model>> run = IDLE.get(runId);
            return run == null ? 0 : run.values().stream().mapToInt(Deque::size).sum();
        }
    }
}
