package io.augflow.pipeline.stream;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * The last few shards read in this JVM. A worker loads the slices of one shard one after the other, so
 * the shard's row group is read once for all of them; the bound keeps executor memory flat (a few
 * shards of encoded images).
 */
final class RecentShards {
    private static final int CAPACITY = 4;
    private static final Map<String, List<SourceRow>> RECENT = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<SourceRow>> eldest) {
            return size() > CAPACITY;
        }
    };

    private RecentShards() {}

    static List<SourceRow> read(Shard shard, Configuration conf) {
        String key = shard.encode();
        synchronized (RECENT) {
            List<SourceRow> rows = RECENT.get(key);
            if (rows != null) {
                return rows;
            }
        }
        List<SourceRow> rows = ShardReader.read(shard, conf);
        synchronized (RECENT) {
            RECENT.put(key, rows);
        }
        return rows;
    }
}
