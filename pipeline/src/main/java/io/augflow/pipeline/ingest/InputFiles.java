package io.augflow.pipeline.ingest;

import io.augflow.augment.DataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/** Driver-side listings through the Hadoop FileSystem API and path arithmetic shared by the importers. */
final class InputFiles {
    private InputFiles() {}

    static final StructType FILE = new StructType().add("path", DataTypes.StringType, false)
            .add("content", DataTypes.BinaryType, true);
    /** Bytes of files per read task when no partition count is given. */
    static final long BYTES_PER_PARTITION = 64L << 20;

    /**
     * Every non-hidden file under {@code dir} as (path, content) rows. The listing (names and sizes only) is made on
     * the driver; contents are read on the executors, one file at a time. Spark's {@code binaryFile} source is not
     * used because it silently skips zero-byte files, which must be quarantined as EMPTY_FILE, not lost.
     *
     * @param partitions read tasks; 0 = about {@link #BYTES_PER_PARTITION} per task, at least the default parallelism
     */
    static Dataset<Row> binaryFiles(SparkSession spark, String dir, int partitions) {
        List<String> paths = new ArrayList<>();
        long bytes = 0;
        try {
            Path root = new Path(dir);
            FileSystem fs = root.getFileSystem(hadoop(spark));
            String rootPath = fs.makeQualified(root).toUri().getPath();
            RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
            while (files.hasNext()) {
                LocatedFileStatus f = files.next();
                String rel = relative(rootPath, f.getPath().toString());
                if (!isHidden(rel)) {
                    paths.add(f.getPath().toString());
                    bytes += f.getLen();
                }
            }
        } catch (java.io.FileNotFoundException e) {
            throw new DataException("input " + dir + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return readFiles(spark, paths, bytes, partitions);
    }

    /**
     * The given files as (path, content) rows, read on the executors one file at a time (content null for a file
     * that no longer exists, so the importer can quarantine it as MISSING_FILE instead of failing the job).
     *
     * @param bytes their total size, to size the read tasks when {@code partitions} is 0
     */
    static Dataset<Row> readFiles(SparkSession spark, List<String> paths, long bytes, int partitions) {
        List<String> sorted = new ArrayList<>(paths);
        sorted.sort(null);
        int slices = partitions > 0 ? partitions : (int) Math.max(spark.sparkContext().defaultParallelism(),
                Math.min(Integer.MAX_VALUE, (bytes + BYTES_PER_PARTITION - 1) / BYTES_PER_PARTITION));
        slices = Math.max(1, Math.min(slices, sorted.size()));
        SerializableConfiguration conf = new SerializableConfiguration(hadoop(spark));
        FlatMapFunction<Iterator<String>, Row> read = it -> LazyRows.map(it, p -> RowFactory.create(p,
                readIfExists(p, conf.value())));
        JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(sorted, slices)
                .mapPartitions(read);
        return spark.createDataFrame(rows, FILE);
    }

    /** Total size of the given files; a file that is gone counts 0 (it is then quarantined when read). */
    static long totalBytes(SparkSession spark, List<String> paths) {
        long bytes = 0;
        for (String p : paths) {
            try {
                bytes += fs(spark, p).getFileStatus(new Path(p)).getLen();
            } catch (java.io.FileNotFoundException gone) {
                // counted as 0
            } catch (IOException e) {
                throw new UncheckedIOException("cannot stat " + p, e);
            }
        }
        return bytes;
    }

    /** True when any folder or file name on the relative path starts with '.' or '_' (as Spark's readers skip). */
    static boolean isHidden(String relative) {
        for (String part : relative.split("/")) {
            if (part.startsWith(".") || part.startsWith("_")) {
                return true;
            }
        }
        return false;
    }

    /** The file's bytes, or null when it does not exist (any other I/O error fails the task, and so the job). */
    static byte[] readIfExists(String path, Configuration conf) {
        Path p = new Path(path);
        try (var in = p.getFileSystem(conf).open(p)) {
            return in.readAllBytes();
        } catch (java.io.FileNotFoundException gone) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** The path part of a (possibly qualified) path string, for comparing listings with Spark's file paths. */
    static String pathPart(String path) {
        return new Path(path).toUri().getPath();
    }

    /** {@code file} relative to {@code root} ("cat/001.png"); both may be qualified. */
    static String relative(String root, String file) {
        String r = pathPart(root);
        String f = pathPart(file);
        String prefix = r.endsWith("/") ? r : r + "/";
        if (!f.startsWith(prefix)) {
            throw new IllegalArgumentException(file + " is not under " + root);
        }
        return f.substring(prefix.length());
    }

    static String stripExtension(String relative) {
        int slash = relative.lastIndexOf('/');
        int dot = relative.lastIndexOf('.');
        return dot > slash + 1 ? relative.substring(0, dot) : relative;
    }

    static Configuration hadoop(SparkSession spark) {
        return spark.sparkContext().hadoopConfiguration();
    }

    static FileSystem fs(SparkSession spark, String path) {
        try {
            return new Path(path).getFileSystem(hadoop(spark));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the file system of " + path, e);
        }
    }

    static boolean exists(SparkSession spark, String path) {
        try {
            return fs(spark, path).exists(new Path(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + path, e);
        }
    }

    static boolean isDirectory(SparkSession spark, String path) {
        try {
            return fs(spark, path).getFileStatus(new Path(path)).isDirectory();
        } catch (java.io.FileNotFoundException e) {
            throw new DataException("input " + path + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat " + path, e);
        }
    }

    /** Children of a folder, skipping hidden ones ('.' and '_' prefixes, as Spark's readers do). */
    static List<FileStatus> children(SparkSession spark, String dir) {
        try {
            List<FileStatus> out = new ArrayList<>();
            for (FileStatus s : fs(spark, dir).listStatus(new Path(dir))) {
                String name = s.getPath().getName();
                if (!name.startsWith(".") && !name.startsWith("_")) {
                    out.add(s);
                }
            }
            out.sort((a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
            return out;
        } catch (java.io.FileNotFoundException e) {
            throw new DataException("input " + dir + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    static List<String> childDirNames(SparkSession spark, String dir) {
        return children(spark, dir).stream().filter(FileStatus::isDirectory).map(s -> s.getPath().getName()).toList();
    }

    static String readText(SparkSession spark, String path) {
        try (var in = fs(spark, path).open(new Path(path))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
