package io.augflow.pipeline.stream;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import scala.Tuple2;

/**
 * The plan of one epoch as shards with their sample counts, shards that yield nothing dropped. Counted
 * on executors from the small columns (no image bytes); only (shard, count) pairs reach the driver. Gives
 * the exact number of samples an epoch will stream, for progress, ETA and the count checks in tests.
 */
public record EpochShards(int epoch, List<Shard> shards, long samples) {

    public EpochShards {
        shards = List.copyOf(shards);
    }

    public static EpochShards plan(SparkSession spark, List<Shard> all, EpochStream stream, int epoch) {
        SerializableConfiguration hadoop = new SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
        int parallelism = Math.max(1, Math.min(all.size(), spark.sparkContext().defaultParallelism() * 2));
        List<Tuple2<String, Integer>> counted = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(all.stream().map(Shard::encode).toList(), parallelism)
                .map(s -> new Tuple2<>(s, stream.count(Shard.parse(s), epoch, hadoop.value())))
                .filter(t -> t._2() > 0)
                .collect();
        long samples = counted.stream().mapToLong(Tuple2::_2).sum();
        return new EpochShards(epoch, counted.stream().map(t -> Shard.parse(t._1())).toList(), samples);
    }

    /** Mean samples per shard: what DL4J's parameter averaging needs to size its splits. */
    public int meanSamplesPerShard() {
        return shards.isEmpty() ? 0 : (int) Math.max(1, Math.round((double) samples / shards.size()));
    }
}
