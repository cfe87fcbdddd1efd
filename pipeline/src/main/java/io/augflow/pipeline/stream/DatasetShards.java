package io.augflow.pipeline.stream;

import io.augflow.pipeline.dataset.CorruptFilePolicy;
import io.augflow.pipeline.dataset.DatasetFiles;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Cuts a dataset into shards of at most {@code rowsPerShard} rows, each inside one row group, so an
 * executor reads a shard with one row-group read. The row groups come from the footers {@link DatasetFiles}
 * read and checked (on executors), so shards cover exactly the files Spark reads.
 */
public final class DatasetShards {
    private DatasetShards() {}

    /** One row group: where it is, how many rows it has, and its smallest {@code id} ({@code ""} if unknown). */
    public record RowGroup(String file, int index, long rows, String minId) implements java.io.Serializable {}

    /**
     * Row groups by content first: by smallest id, then by place. A dataset written again, copied or moved has
     * other file names (each write has its own UUID), but its row groups keep this order, so training on it
     * walks the shards the same way.
     */
    private static final Comparator<RowGroup> CONTENT_ORDER = Comparator.comparing(RowGroup::minId)
            .thenComparing(RowGroup::file).thenComparingInt(RowGroup::index);

    /** Shards of every row group of {@code datasetPath}, whose files are checked first (an unreadable one fails). */
    public static List<Shard> list(SparkSession spark, String datasetPath, int rowsPerShard) {
        return list(DatasetFiles.check(spark, datasetPath, CorruptFilePolicy.FAIL), rowsPerShard);
    }

    /** Shards of the row groups of the checked, readable files (no file is read here: the footers were). */
    public static List<Shard> list(DatasetFiles files, int rowsPerShard) {
        if (rowsPerShard < 1) {
            throw new IllegalArgumentException("rows per shard must be >= 1, got " + rowsPerShard);
        }
        List<Shard> shards = new ArrayList<>();
        for (RowGroup g : rowGroups(files)) {
            for (long first = 0; first < g.rows(); first += rowsPerShard) {
                shards.add(new Shard(g.file(), g.index(), first, (int) Math.min(rowsPerShard, g.rows() - first)));
            }
        }
        return shards;
    }

    public static List<RowGroup> rowGroups(SparkSession spark, String datasetPath) {
        return rowGroups(DatasetFiles.check(spark, datasetPath, CorruptFilePolicy.FAIL));
    }

    /** The non-empty row groups of the readable files, in {@link #CONTENT_ORDER}. */
    public static List<RowGroup> rowGroups(DatasetFiles files) {
        List<RowGroup> groups = new ArrayList<>();
        for (DatasetFiles.PartFile part : files.parts()) {
            List<Long> rows = part.rowGroupRows();
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i) > 0) {
                    groups.add(new RowGroup(part.file(), i, rows.get(i), part.rowGroupMinIds().get(i)));
                }
            }
        }
        groups.sort(CONTENT_ORDER);
        return groups;
    }
}
