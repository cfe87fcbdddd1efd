package io.augflow.pipeline.stream;

import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * The rows of a shard, read once per executor while its slices are loaded one after the other: kept in the
 * executor's {@link ExecutorCache}, weighed by their encoded image bytes.
 */
final class RecentShards {
    private RecentShards() {}

    static List<SourceRow> read(Shard shard, Configuration conf) {
        return ExecutorCache.get("shard:" + shard.encode(), () -> ShardReader.read(shard, conf), RecentShards::bytes);
    }

    static long bytes(List<SourceRow> rows) {
        long sum = 0;
        for (SourceRow r : rows) {
            sum += r.image().length + 64L * (1 + r.boxes().size());
        }
        return sum;
    }
}
