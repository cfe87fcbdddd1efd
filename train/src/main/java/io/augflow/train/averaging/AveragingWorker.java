package io.augflow.train.averaging;

import io.augflow.augment.DataException;
import io.augflow.pipeline.stream.ShardSlice;
import io.augflow.train.backend.TaskDevice;
import io.augflow.train.feed.SlicePath;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.deeplearning4j.datasets.iterator.IteratorDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.dataset.DataSet;

/**
 * One worker's part of a round, on an executor: take a network ({@link NetworkPool}), load the round's parameters
 * and updater state into it, fit the worker's slices minibatch by minibatch (slices are re-batched to exactly
 * {@code batchSize} samples, as DL4J's workers do, and loaded {@code prefetch} minibatches ahead), and return the
 * parameters, updater state and last score. Any failure while loading a slice fails the task at once, naming the
 * slice and, through the stream's own message, the sample.
 *
 * <p>On GPU executors the task's thread and its prefetch thread are first bound to the GPU Spark assigned the task
 * ({@link TaskDevice}), before either creates an array; without a GPU request nothing changes.
 */
public final class AveragingWorker implements FlatMapFunction<Iterator<String>, WorkerResult> {
    private static final long serialVersionUID = 1L;
    /** Phase names in {@link WorkerResult#phaseMillis}. */
    public static final String SETUP = "worker.setup";
    public static final String WAIT_DATA = "worker.wait-data";
    public static final String FIT = "worker.fit";
    public static final String RESULT = "worker.result";

    private final Broadcast<NetworkBlueprint> blueprint;
    private final Broadcast<RoundStart> start;
    private final DataSetLoader loader;
    private final int batchSize;
    private final int prefetch;
    private final boolean returnUpdater;

    public AveragingWorker(Broadcast<NetworkBlueprint> blueprint, Broadcast<RoundStart> start, DataSetLoader loader,
            int batchSize, int prefetch, boolean returnUpdater) {
        this.blueprint = blueprint;
        this.start = start;
        this.loader = loader;
        this.batchSize = batchSize;
        this.prefetch = prefetch;
        this.returnUpdater = returnUpdater;
    }

    @Override
    public Iterator<WorkerResult> call(Iterator<String> slices) {
        List<String> paths = new ArrayList<>();
        slices.forEachRemaining(paths::add);
        if (paths.isEmpty()) {
            return List.of(WorkerResult.EMPTY).iterator();
        }
        Map<String, Long> phases = new TreeMap<>();
        long t = System.nanoTime();
        TaskDevice device = TaskDevice.forCurrentTask();
        NetworkBlueprint plan = blueprint.value();
        RoundStart round = start.value();
        Model net = NetworkPool.take(plan, device.poolKey());
        NetworkState.setParams(net, round.params());
        NetworkState.setUpdaterState(net, round.updaterState());
        NetworkState.setCounts(net, round.iteration(), round.epoch());
        WorkerRandom.seedFor(net, round.iteration(), round.epoch(),
                TaskContext.get() == null ? 0 : TaskContext.get().partitionId());
        t = lap(phases, SETUP, t);

        long minibatches = 0;
        long samples = 0;
        IteratorDataSetIterator batches = new IteratorDataSetIterator(loading(paths), batchSize);
        String name = "augflow-prefetch-" + (TaskContext.get() == null ? "local" : TaskContext.get().partitionId());
        try (Prefetcher<DataSet> ahead = new Prefetcher<>(batches, prefetch, name,
                device::bindCurrentThread)) {
            while (true) {
                long waitStart = System.nanoTime();
                if (!ahead.hasNext()) {
                    lap(phases, WAIT_DATA, waitStart);
                    break;
                }
                DataSet batch = ahead.next();
                long fitStart = lap(phases, WAIT_DATA, waitStart);
                NetworkState.fit(net, batch);
                lap(phases, FIT, fitStart);
                minibatches++;
                samples += batch.numExamples();
            }
        }
        t = System.nanoTime();
        WorkerResult result = new WorkerResult(NetworkState.params(net),
                returnUpdater ? NetworkState.updaterState(net) : null, net.score(), 1, minibatches, samples, phases);
        NetworkPool.give(plan, device.poolKey(), net);
        lap(phases, RESULT, t);
        return List.of(result).iterator();
    }

    /** The slices loaded one by one as the re-batching asks for them; a failure names the slice. */
    private Iterator<DataSet> loading(List<String> paths) {
        Iterator<String> it = paths.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public DataSet next() {
                String path = it.next();
                try {
                    return loader.load(new SlicePath(path));
                } catch (DataException e) {
                    throw new DataException(e.getMessage() + " (in " + ShardSlice.parse(path).describe() + ")", e);
                } catch (RuntimeException | java.io.IOException e) {
                    throw new IllegalStateException("loading " + ShardSlice.parse(path).describe() + " failed: " + e,
                            e);
                }
            }
        };
    }

    private static long lap(Map<String, Long> phases, String phase, long since) {
        long now = System.nanoTime();
        phases.merge(phase, (now - since) / 1_000_000, Long::sum);
        return now;
    }
}
