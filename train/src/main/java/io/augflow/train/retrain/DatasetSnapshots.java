package io.augflow.train.retrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augflow.augment.DataException;
import io.augflow.pipeline.dataset.DatasetMetadata;
import io.augflow.pipeline.dataset.DatasetReader;
import io.augflow.pipeline.stats.ClassStats;
import io.augflow.pipeline.stats.DatasetStatistics;
import io.augflow.pipeline.stats.DatasetStats;
import io.augflow.pipeline.stats.StatsConf;
import io.augflow.train.registry.DatasetSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Takes a dataset's {@link DatasetSnapshot} now: its rows (every split), its images per class as the statistics
 * count them (the {@code stats.splits}, by class name) and the files ingested into it. Stored with every registry
 * version, so a later retrain can tell what is new.
 *
 * <p>Ingested files come from {@code _ingest_log/*.json} when the dataset has that folder (incremental ingest
 * writes one JSON per batch with a {@code "files"} array), else from the {@code input} of
 * {@code _ingest_summary.json} (a one-shot ingest), else none.
 */
public final class DatasetSnapshots {
    /** The folder of per-batch ingest records inside a dataset. */
    public static final String INGEST_LOG = "_ingest_log";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DatasetSnapshots() {}

    public static DatasetSnapshot take(SparkSession spark, String datasetPath, StatsConf stats) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        DatasetMetadata metadata = DatasetReader.readMetadata(spark, datasetPath);
        long rows = DatasetReader.read(spark, datasetPath).count();
        DatasetStats measured = DatasetStatistics.ofDataset(spark, datasetPath, stats);
        Map<String, Long> byClass = new LinkedHashMap<>();
        for (ClassStats c : measured.classes()) {
            String name = c.classId() < metadata.classCount() ? metadata.classes().get(c.classId())
                    : "class " + c.classId();
            byClass.merge(name, c.images(), Long::sum);
        }
        return new DatasetSnapshot(datasetPath, rows, byClass, ingestedFiles(datasetPath, hadoop));
    }

    /** The files ingested into the dataset, sorted and distinct (see the class comment for where from). */
    public static List<String> ingestedFiles(String datasetPath, Configuration hadoop) {
        try {
            Path log = new Path(datasetPath, INGEST_LOG);
            FileSystem fs = log.getFileSystem(hadoop);
            TreeSet<String> files = new TreeSet<>();
            if (fs.isDirectory(log)) {
                for (FileStatus s : fs.listStatus(log, p -> p.getName().endsWith(".json"))) {
                    JsonNode batch = readJson(fs, s.getPath());
                    batch.path("files").forEach(f -> files.add(fileName(f)));
                }
                files.remove("");
                return new ArrayList<>(files);
            }
            Path summary = new Path(datasetPath, io.augflow.pipeline.ingest.IngestSummary.FILE_NAME);
            if (fs.exists(summary)) {
                String input = readJson(fs, summary).path("input").asText("");
                return input.isBlank() ? List.of() : List.of(input);
            }
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the ingested files of " + datasetPath, e);
        }
    }

    /** An entry of a {@code "files"} array: a path, or an object with a {@code path} or {@code file} field. */
    private static String fileName(JsonNode entry) {
        if (entry.isObject()) {
            return entry.path("path").asText(entry.path("file").asText(""));
        }
        return entry.asText("");
    }

    private static JsonNode readJson(FileSystem fs, Path path) throws IOException {
        try (InputStream in = fs.open(path)) {
            return JSON.readTree(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DataException(path + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
