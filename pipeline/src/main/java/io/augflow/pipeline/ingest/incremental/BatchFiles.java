package io.augflow.pipeline.ingest.incremental;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * The Parquet files one streaming batch adds to a folder (the dataset or its quarantine), named
 * {@code batch-<id>-<n>.<extension>}, so that a replayed batch can find, and remove, what an interrupted attempt
 * of it left behind. The trailing dash keeps batch 1's prefix from matching batch 12's files. Moves are renames
 * inside one file system (the temporary folder sits inside the dataset).
 */
final class BatchFiles {
    private BatchFiles() {}

    static String prefix(long batchId) {
        return "batch-" + batchId + "-";
    }

    /**
     * Moves the data files of a Spark output folder ({@code part-*.parquet}; not its {@code _SUCCESS} or checksum
     * files) into {@code to} under this batch's names, in name order.
     *
     * @return the new names
     */
    static List<String> move(FileSystem fs, Path from, Path to, long batchId) {
        try {
            fs.mkdirs(to);
            List<Path> parts = Arrays.stream(fs.listStatus(from)).filter(FileStatus::isFile).map(FileStatus::getPath)
                    .filter(p -> isData(p.getName())).sorted().toList();
            List<String> names = new ArrayList<>(parts.size());
            for (int i = 0; i < parts.size(); i++) {
                String name = parts.get(i).getName();
                String target = String.format(java.util.Locale.ROOT, "%s%05d%s", prefix(batchId), i,
                        name.substring(name.indexOf('.')));
                Path dest = new Path(to, target);
                if (fs.exists(dest) || !fs.rename(parts.get(i), dest)) {
                    throw new IOException("cannot move " + parts.get(i) + " to " + dest);
                }
                names.add(target);
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move batch " + batchId + " files from " + from + " to " + to, e);
        }
    }

    /** Removes this batch's files from {@code dir} (none when it has none, or does not exist); how many. */
    static int delete(FileSystem fs, Path dir, long batchId) {
        try {
            if (!fs.exists(dir)) {
                return 0;
            }
            int removed = 0;
            for (FileStatus s : fs.listStatus(dir, p -> p.getName().startsWith(prefix(batchId)))) {
                if (!fs.delete(s.getPath(), false)) {
                    throw new IOException("delete returned false");
                }
                removed++;
            }
            return removed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove batch " + batchId + " files from " + dir, e);
        }
    }

    /** True when {@code dir} holds a Parquet data file (any batch's, or a one-shot ingest's). */
    static boolean hasData(FileSystem fs, Path dir) {
        try {
            return fs.exists(dir) && Arrays.stream(fs.listStatus(dir)).anyMatch(s -> s.isFile()
                    && isData(s.getPath().getName()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** Rows in the Parquet data files of {@code dir}, from their footers (no Spark job). */
    static long rows(FileSystem fs, Path dir, Configuration conf) {
        try {
            long rows = 0;
            for (FileStatus s : fs.listStatus(dir)) {
                if (s.isFile() && isData(s.getPath().getName())) {
                    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(s.getPath(), conf))) {
                        rows += reader.getRecordCount();
                    }
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Parquet footers in " + dir, e);
        }
    }

    private static boolean isData(String name) {
        return !name.startsWith("_") && !name.startsWith(".") && name.endsWith(".parquet");
    }
}
