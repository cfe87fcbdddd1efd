package io.augflow.train.averaging;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * What workers return from a round, summed: parameters and updater state (to be divided by {@code workers}), the
 * last minibatch's score of each worker, what was trained, and the time each worker phase took (summed over workers,
 * milliseconds). A worker without data returns {@link #EMPTY}, which adds nothing, as in DL4J.
 */
public record WorkerResult(float[] paramSum, float[] updaterSum, double scoreSum, int workers, long minibatches,
        long samples, Map<String, Long> phaseMillis) implements Serializable {

    public static final WorkerResult EMPTY = new WorkerResult(null, null, 0, 0, 0, 0, Map.of());

    /** The sum of two results (new arrays; neither input changes). */
    public WorkerResult plus(WorkerResult o) {
        if (o.workers == 0) {
            return this.withPhases(o.phaseMillis);
        }
        if (workers == 0) {
            return o.withPhases(phaseMillis);
        }
        return new WorkerResult(sum(paramSum, o.paramSum), sum(updaterSum, o.updaterSum), scoreSum + o.scoreSum,
                workers + o.workers, minibatches + o.minibatches, samples + o.samples,
                mergePhases(phaseMillis, o.phaseMillis));
    }

    private WorkerResult withPhases(Map<String, Long> more) {
        return new WorkerResult(paramSum, updaterSum, scoreSum, workers, minibatches, samples,
                mergePhases(phaseMillis, more));
    }

    private static float[] sum(float[] a, float[] b) {
        if (a == null || b == null) {
            if (a != b) {
                throw new IllegalStateException("one worker returned updater state and another did not");
            }
            return null;
        }
        if (a.length != b.length) {
            throw new IllegalStateException("workers returned " + a.length + " and " + b.length + " values");
        }
        float[] out = new float[a.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }

    static Map<String, Long> mergePhases(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> out = new TreeMap<>(a);
        b.forEach((k, v) -> out.merge(k, v, Long::sum));
        return out;
    }

    /** {@code sum / workers}, element-wise; null stays null. */
    static float[] mean(float[] sum, int workers) {
        if (sum == null) {
            return null;
        }
        float[] out = new float[sum.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = sum[i] / workers;
        }
        return out;
    }
}
