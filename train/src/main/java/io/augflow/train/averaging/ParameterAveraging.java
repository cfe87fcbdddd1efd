package io.augflow.train.averaging;

import io.augflow.pipeline.spark.BoundedJob;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.deeplearning4j.nn.api.Model;

/**
 * The driver side of parameter averaging for one training run: {@link #round} trains one round of slices on the
 * workers and leaves the average of their parameters (and updater states, when averaged) in the driver's network.
 * The arithmetic is DL4J's {@code ParameterAveragingTrainingMaster}'s: workers that received data are averaged with
 * equal weight, the score is the mean of their last minibatch scores, and the network's iteration count advances by
 * the averaging frequency every round.
 */
public final class ParameterAveraging {
    /** Driver phase names in {@link RoundReport#phaseMillis()}. */
    public static final String BROADCAST = "driver.broadcast";
    public static final String JOB = "driver.job";
    public static final String AVERAGE = "driver.average";

    private final JavaSparkContext sc;
    private final Model network;
    private final AveragingConf conf;
    private Broadcast<NetworkBlueprint> blueprint;
    /** What a worker's updater restarts from each round when updaters are not averaged (DL4J: a fresh updater). */
    private final float[] freshUpdaterState;

    /** @param network the driver's network: every round starts from it and leaves the average in it */
    public ParameterAveraging(JavaSparkContext sc, Model network, AveragingConf conf) {
        this.sc = sc;
        this.network = network;
        this.conf = conf;
        NetworkBlueprint plan = NetworkBlueprint.of(UUID.randomUUID().toString(), network);
        this.blueprint = sc.broadcast(plan);
        this.freshUpdaterState = conf.averageUpdaters() ? null : NetworkState.updaterState(plan.build());
    }

    /** What one round did: the averaged score, what was trained, and where the time went. */
    public record RoundReport(double score, int workers, long minibatches, long samples, Map<String, Long> phaseMillis) {}

    /**
     * One round: {@code slices} (encoded shard slices, each at most one minibatch) are split in order into at most
     * {@code workers} contiguous parts, one task each.
     *
     * @param what names the round in messages, e.g. "epoch 2, round 14 of 94"
     */
    public RoundReport round(List<String> slices, DataSetLoader loader, int epoch, String what) {
        Map<String, Long> phases = new TreeMap<>();
        long t = System.nanoTime();
        float[] updater = conf.averageUpdaters() ? NetworkState.updaterState(network) : freshUpdaterState;
        RoundStart start = new RoundStart(NetworkState.params(network), updater, NetworkState.iterationCount(network),
                epoch);
        Broadcast<RoundStart> shipped = sc.broadcast(start);
        t = lap(phases, BROADCAST, t);
        try {
            AveragingWorker worker = new AveragingWorker(blueprint, shipped, loader, conf.batchSizePerWorker(),
                    conf.prefetchBatches(), conf.averageUpdaters());
            int partitions = Math.max(1, Math.min(slices.size(), conf.workers()));
            WorkerResult sum = BoundedJob.run(sc.sc(), what, conf.roundTimeout(),
                    () -> sc.parallelize(slices, partitions).mapPartitions(worker).treeReduce(WorkerResult::plus, 2));
            t = lap(phases, JOB, t);
            if (sum.workers() == 0) {
                return new RoundReport(Double.NaN, 0, 0, 0, WorkerResult.mergePhases(phases, sum.phaseMillis()));
            }
            NetworkState.setParams(network, WorkerResult.mean(sum.paramSum(), sum.workers()));
            if (conf.averageUpdaters()) {
                NetworkState.setUpdaterState(network, WorkerResult.mean(sum.updaterSum(), sum.workers()));
            }
            NetworkState.setCounts(network, start.iteration() + conf.averagingFrequency(), epoch);
            lap(phases, AVERAGE, t);
            return new RoundReport(sum.scoreSum() / sum.workers(), sum.workers(), sum.minibatches(), sum.samples(),
                    WorkerResult.mergePhases(phases, sum.phaseMillis()));
        } finally {
            shipped.unpersist(false);
        }
    }

    /**
     * Ships the driver network's configuration again, after it changed between rounds (deferred re-weighting
     * replaces the output layer's loss): a new blueprint under a new run id, so no worker trains a pooled network
     * built from the old configuration ({@link NetworkPool} drops networks of another run id).
     */
    public void configurationChanged() {
        blueprint.unpersist(false);
        blueprint = sc.broadcast(NetworkBlueprint.of(UUID.randomUUID().toString(), network));
    }

    /** The configuration the workers build their networks from now. */
    public NetworkBlueprint blueprint() {
        return blueprint.value();
    }

    /** Releases the run's broadcast network description. */
    public void close() {
        blueprint.unpersist(false);
    }

    private static long lap(Map<String, Long> phases, String phase, long since) {
        long now = System.nanoTime();
        phases.merge(phase, (now - since) / 1_000_000, Long::sum);
        return now;
    }

    /**
     * How the rounds run.
     *
     * @param workers tasks per round
     * @param averagingFrequency minibatches a worker fits per round (only advances the iteration count here: the
     *                           caller cuts the rounds)
     * @param roundTimeout a round still running after this is cancelled and fails the run
     */
    public record AveragingConf(int workers, int batchSizePerWorker, int averagingFrequency, int prefetchBatches,
            boolean averageUpdaters, Duration roundTimeout) implements java.io.Serializable {}
}
