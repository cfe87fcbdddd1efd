package io.augflow.pipeline.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Driver-side listings through the Hadoop FileSystem API and path arithmetic shared by the importers. */
final class InputFiles {
    private InputFiles() {}

    /** Every file under {@code dir} as (path, content) rows, read lazily on the executors. */
    static Dataset<Row> binaryFiles(SparkSession spark, String dir) {
        return spark.read().format("binaryFile").option("recursiveFileLookup", "true").load(dir)
                .select("path", "content");
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
            throw new IllegalArgumentException("input " + path + " does not exist");
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
            throw new IllegalArgumentException("input " + dir + " does not exist");
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
