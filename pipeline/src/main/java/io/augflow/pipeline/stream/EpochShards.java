package io.augflow.pipeline.stream;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import scala.Tuple2;

/**
 * The plan of one epoch: slices of shards, each yielding at most {@code maxSamplesPerSlice} samples,
 * slices that yield nothing dropped. Counted on executors from the small columns (no image bytes); only
 * (slice, count) pairs reach the driver. Gives the exact number of samples and rows the epoch streams,
 * for progress, ETA and the checks in tests.
 *
 * @param samples the samples the epoch streams (repeats included)
 * @param rows    the rows it uses at least once (each decoded once)
 */
public record EpochShards(int epoch, List<ShardSlice> slices, long samples, long rows) {

    public EpochShards {
        slices = List.copyOf(slices);
    }

    /** Plans {@code shards} (in the order given: slices of one shard stay adjacent). */
    public static EpochShards plan(SparkSession spark, List<Shard> shards, EpochStream stream, int epoch,
            int maxSamplesPerSlice) {
        if (maxSamplesPerSlice < 1) {
            throw new IllegalArgumentException("max samples per slice must be >= 1, got " + maxSamplesPerSlice);
        }
        SerializableConfiguration hadoop = new SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
        int parallelism = Math.max(1, Math.min(shards.size(), spark.sparkContext().defaultParallelism() * 2));
        List<Tuple2<String, int[]>> counted = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(shards.stream().map(Shard::encode).toList(), parallelism)
                .map(s -> new Tuple2<>(s, stream.repeatsInOrder(Shard.parse(s), epoch, hadoop.value())))
                .collect();
        List<ShardSlice> slices = new ArrayList<>();
        long samples = 0;
        long rows = 0;
        for (Tuple2<String, int[]> t : counted) {
            Shard shard = Shard.parse(t._1());
            int[] repeats = t._2();
            int from = 0;
            int inSlice = 0;
            for (int pos = 0; pos < repeats.length; pos++) {
                if (inSlice > 0 && inSlice + repeats[pos] > maxSamplesPerSlice) {
                    slices.add(new ShardSlice(shard, from, pos));
                    from = pos;
                    inSlice = 0;
                }
                inSlice += repeats[pos];
                samples += repeats[pos];
                rows += repeats[pos] > 0 ? 1 : 0;
            }
            if (inSlice > 0) {
                slices.add(new ShardSlice(shard, from, repeats.length));
            }
        }
        return new EpochShards(epoch, slices, samples, rows);
    }
}
