package io.augflow.train.bench;

import io.augflow.pipeline.stream.EpochShards;
import io.augflow.pipeline.stream.EpochStream;
import io.augflow.pipeline.stream.Shard;
import io.augflow.pipeline.stream.ShardSlice;
import io.augflow.pipeline.stream.StreamCounters;
import io.augflow.train.feed.BatchEncoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The in-memory feed of a data-stall bench: the rows of an un-augmented stream cut into SparkTrainer's slices
 * (at most one minibatch each, {@link EpochShards}) and decoded and encoded once, on the driver, into one
 * {@code DataSet} per slice, keyed by the slice's encoded form, in slice order.
 */
final class InMemorySlices {
    private InMemorySlices() {}

    /**
     * @param plain   the stream to decode: no augmentation, the run's input step and task
     * @param encoder what the streamed side packs minibatches with (classes or detector targets)
     */
    static LinkedHashMap<String, DataSet> decode(SparkSession spark, List<Shard> shards, EpochStream plain,
            int batchSize, BatchEncoder encoder) {
        EpochShards planned = EpochShards.plan(spark, shards, plain, 0, batchSize);
        var hadoop = spark.sparkContext().hadoopConfiguration();
        LinkedHashMap<String, DataSet> out = new LinkedHashMap<>();
        for (ShardSlice slice : planned.slices()) {
            out.put(slice.encode(), encoder.encode(plain.samples(slice, 0, hadoop, StreamCounters.NONE)));
        }
        return out;
    }

    /** The slices' keys in rounds of {@code perRound} (the last may be shorter), as {@code EpochRunner} cuts them. */
    static List<List<String>> rounds(Iterable<String> keys, int perRound) {
        List<List<String>> rounds = new ArrayList<>();
        List<String> round = new ArrayList<>();
        for (String key : keys) {
            round.add(key);
            if (round.size() == perRound) {
                rounds.add(round);
                round = new ArrayList<>();
            }
        }
        if (!round.isEmpty()) {
            rounds.add(round);
        }
        return rounds;
    }

    /** Samples over all slices. */
    static long samples(Map<String, DataSet> slices) {
        return slices.values().stream().mapToLong(DataSet::numExamples).sum();
    }
}
