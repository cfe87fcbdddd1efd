package io.augflow.pipeline.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Cuts a dataset into shards of at most {@code rowsPerShard} rows, each inside one row group, so an
 * executor reads a shard with one row-group read. Footers are read on executors; only (file, row
 * group, row count) triples come back to the driver.
 */
public final class DatasetShards {
    private DatasetShards() {}

    /** One row group: where it is and how many rows it has. */
    public record RowGroup(String file, int index, long rows) implements java.io.Serializable {}

    public static List<Shard> list(SparkSession spark, String datasetPath, int rowsPerShard) {
        if (rowsPerShard < 1) {
            throw new IllegalArgumentException("rows per shard must be >= 1, got " + rowsPerShard);
        }
        List<Shard> shards = new ArrayList<>();
        for (RowGroup g : rowGroups(spark, datasetPath)) {
            for (long first = 0; first < g.rows(); first += rowsPerShard) {
                shards.add(new Shard(g.file(), g.index(), first, (int) Math.min(rowsPerShard, g.rows() - first)));
            }
        }
        return shards;
    }

    public static List<RowGroup> rowGroups(SparkSession spark, String datasetPath) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        List<String> files = parquetFiles(datasetPath, hadoop);
        if (files.isEmpty()) {
            throw new IllegalArgumentException(datasetPath + " holds no Parquet files");
        }
        SerializableConfiguration shipped = new SerializableConfiguration(hadoop);
        return JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(files, Math.max(1, Math.min(files.size(), spark.sparkContext().defaultParallelism())))
                .flatMap(file -> footer(file, shipped.value()))
                .collect();
    }

    private static Iterator<RowGroup> footer(String file, Configuration conf) {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(file), conf))) {
            List<RowGroup> groups = new ArrayList<>();
            List<BlockMetaData> blocks = reader.getRowGroups();
            for (int i = 0; i < blocks.size(); i++) {
                if (blocks.get(i).getRowCount() > 0) {
                    groups.add(new RowGroup(file, i, blocks.get(i).getRowCount()));
                }
            }
            return groups.iterator();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Parquet footer of " + file, e);
        }
    }

    /** The data files of a dataset folder, sorted; Spark's markers and metadata ('_' and '.') skipped. */
    static List<String> parquetFiles(String datasetPath, Configuration hadoop) {
        try {
            Path dir = new Path(datasetPath);
            FileSystem fs = dir.getFileSystem(hadoop);
            if (!fs.exists(dir)) {
                throw new IllegalArgumentException("dataset " + datasetPath + " does not exist");
            }
            FileStatus[] statuses = fs.listStatus(dir, p -> !p.getName().startsWith("_") && !p.getName().startsWith("."));
            return Arrays.stream(statuses)
                    .filter(FileStatus::isFile)
                    .map(s -> s.getPath().toString())
                    .filter(p -> p.endsWith(".parquet"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + datasetPath, e);
        }
    }
}
