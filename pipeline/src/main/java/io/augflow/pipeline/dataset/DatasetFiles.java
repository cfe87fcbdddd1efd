package io.augflow.pipeline.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.augflow.augment.DataException;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Parquet part files of a dataset folder, each checked by reading its footer, which is where a truncated or
 * overwritten file shows first. This is the one place a dataset's files are listed and checked: Spark reads
 * ({@link DatasetReader}) and the training stream's shards ({@code DatasetShards}) both take the files from here,
 * so they see the same files, and the row-group sizes found here are what shards are cut from.
 *
 * <p>Footers are read on executors (one small read at the end of each file; only (file, row-group sizes) or
 * (file, error) come back), so listing a dataset of thousands of files on an object store does not serialise on
 * the driver. A file that fails is, by {@link CorruptFilePolicy}, either fatal ({@link CorruptDatasetException}
 * naming every such file) or skipped with a WARNING and kept in {@link #skipped()} for the job's provenance.
 * Spark's own {@code spark.sql.files.ignoreCorruptFiles} is not used: it skips silently and records nothing.
 */
public final class DatasetFiles implements Serializable {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetFiles.class);

    /**
     * A readable part file: its rows per row group and each row group's smallest {@code id}, from its footer
     * ({@code ""} where the writer kept no statistics).
     */
    public record PartFile(String file, long bytes, List<Long> rowGroupRows, List<String> rowGroupMinIds)
            implements Serializable {
        public PartFile {
            rowGroupRows = List.copyOf(rowGroupRows);
            rowGroupMinIds = List.copyOf(rowGroupMinIds);
            if (rowGroupMinIds.size() != rowGroupRows.size()) {
                throw new IllegalArgumentException(file + ": " + rowGroupRows.size() + " row groups but "
                        + rowGroupMinIds.size() + " smallest ids");
            }
        }

        public long rows() {
            return rowGroupRows.stream().mapToLong(Long::longValue).sum();
        }
    }

    /** A part file whose footer could not be read; how many rows it held is unknown ({@code rows} is null in JSON). */
    public record SkippedFile(@JsonProperty("file") String file, @JsonProperty("bytes") long bytes,
            @JsonProperty("reason") String reason) implements Serializable {

        /** Unknown: the row count is in the footer that could not be read. */
        @JsonProperty("rows")
        @JsonInclude(JsonInclude.Include.ALWAYS)
        public Long rows() {
            return null;
        }

        /** The form recorded in a model's or dataset's provenance. */
        public Map<String, Object> toProvenance() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", file);
            m.put("bytes", bytes);
            m.put("reason", reason);
            m.put("rows", null);
            return m;
        }
    }

    private final String dataset;
    private final List<PartFile> parts;
    private final List<SkippedFile> skipped;

    private DatasetFiles(String dataset, List<PartFile> parts, List<SkippedFile> skipped) {
        this.dataset = dataset;
        this.parts = List.copyOf(parts);
        this.skipped = List.copyOf(skipped);
    }

    /**
     * Lists and checks the part files of {@code dataset}.
     *
     * @throws CorruptDatasetException when a file is unreadable and the policy is {@link CorruptFilePolicy#FAIL},
     *                                 or when every file is unreadable
     * @throws DataException when the folder does not exist or holds no Parquet file
     */
    public static DatasetFiles check(SparkSession spark, String dataset, CorruptFilePolicy policy) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        List<Listed> files = list(dataset, hadoop);
        if (files.isEmpty()) {
            throw new DataException("dataset " + dataset + " holds no Parquet files");
        }
        SerializableConfiguration shipped = new SerializableConfiguration(hadoop);
        List<Footer> footers = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(files, Math.max(1, Math.min(files.size(), spark.sparkContext().defaultParallelism())))
                .map(f -> Footer.read(f, shipped.value()))
                .collect();
        List<PartFile> parts = new ArrayList<>();
        List<SkippedFile> bad = new ArrayList<>();
        for (Footer f : footers) {
            if (f.error() == null) {
                parts.add(new PartFile(f.file(), f.bytes(), f.rowGroupRows(), f.rowGroupMinIds()));
            } else {
                bad.add(new SkippedFile(f.file(), f.bytes(), f.error()));
            }
        }
        if (!bad.isEmpty()) {
            if (policy == CorruptFilePolicy.FAIL) {
                throw new CorruptDatasetException(describe(dataset, bad, files.size())
                        + "; nothing was computed. Set augflow." + CorruptFilePolicy.KEY + " = skip to leave such files"
                        + " out (they are then recorded, with an unknown row count).", bad);
            }
            if (parts.isEmpty()) {
                throw new CorruptDatasetException(describe(dataset, bad, files.size())
                        + ": no readable file is left", bad);
            }
            for (SkippedFile s : bad) {
                LOG.warn("skipping the corrupt Parquet file {} ({} bytes, rows unknown): {} ({} = skip)", s.file(),
                        s.bytes(), s.reason(), CorruptFilePolicy.KEY);
            }
        }
        return new DatasetFiles(dataset, parts, bad);
    }

    private static String describe(String dataset, List<SkippedFile> bad, int total) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "dataset %s: %d of %d Parquet files cannot be"
                + " read", dataset, bad.size(), total));
        for (SkippedFile s : bad) {
            sb.append(String.format(Locale.ROOT, "%n  %s (%d bytes): %s", s.file(), s.bytes(), s.reason()));
        }
        return sb.toString();
    }

    /** The dataset folder as given. */
    public String dataset() {
        return dataset;
    }

    /** The readable part files, sorted by path. */
    public List<PartFile> parts() {
        return parts;
    }

    /** Their paths, what Spark reads. */
    public String[] paths() {
        return parts.stream().map(PartFile::file).toArray(String[]::new);
    }

    /** The unreadable files left out (empty unless the policy is {@link CorruptFilePolicy#SKIP}). */
    public List<SkippedFile> skipped() {
        return skipped;
    }

    /** Rows of the readable files, from their footers. */
    public long rows() {
        return parts.stream().mapToLong(PartFile::rows).sum();
    }

    /** The skipped files as provenance entries ({@code file}, {@code bytes}, {@code reason}, {@code rows} = null). */
    public List<Map<String, Object>> skippedProvenance() {
        return skipped.stream().map(SkippedFile::toProvenance).toList();
    }

    /** A data file to check: path and size from the listing. */
    private record Listed(String file, long bytes) implements Serializable {}

    /** What one footer read found: row-group sizes and smallest ids, or the error. */
    private record Footer(String file, long bytes, List<Long> rowGroupRows, List<String> rowGroupMinIds,
            String error) implements Serializable {
        static Footer read(Listed f, Configuration conf) {
            try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(f.file()), conf))) {
                List<Long> rows = new ArrayList<>();
                List<String> minIds = new ArrayList<>();
                for (BlockMetaData block : reader.getRowGroups()) {
                    rows.add(block.getRowCount());
                    minIds.add(smallestId(block));
                }
                return new Footer(f.file(), f.bytes(), rows, minIds, null);
            } catch (IOException | RuntimeException e) {
                String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
                return new Footer(f.file(), f.bytes(), List.of(), List.of(), message);
            }
        }

        /** The {@code id} column's minimum from the row group's statistics; {@code ""} when there are none. */
        private static String smallestId(BlockMetaData block) {
            for (ColumnChunkMetaData column : block.getColumns()) {
                if (column.getPath().toDotString().equals(DatasetSchema.ID)) {
                    Statistics<?> stats = column.getStatistics();
                    return stats != null && stats.hasNonNullValue() && stats.genericGetMin() instanceof Binary min
                            ? min.toStringUsingUTF8() : "";
                }
            }
            return "";
        }
    }

    /** The data files of a dataset folder, sorted; Spark's markers and metadata ('_' and '.') skipped. */
    static List<Listed> list(String dataset, Configuration hadoop) {
        try {
            Path dir = new Path(dataset);
            FileSystem fs = dir.getFileSystem(hadoop);
            if (!fs.exists(dir)) {
                throw new DataException("dataset " + dataset + " does not exist");
            }
            FileStatus[] statuses = fs.listStatus(dir, p -> !p.getName().startsWith("_") && !p.getName().startsWith("."));
            return Arrays.stream(statuses)
                    .filter(FileStatus::isFile)
                    .filter(s -> s.getPath().getName().endsWith(".parquet"))
                    .map(s -> new Listed(s.getPath().toString(), s.getLen()))
                    .sorted(Comparator.comparing(Listed::file))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dataset, e);
        }
    }
}
