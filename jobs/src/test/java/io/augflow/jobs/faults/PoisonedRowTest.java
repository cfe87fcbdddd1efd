package io.augflow.jobs.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.OpenCv;
import io.augflow.jobs.AugflowCli;
import io.augflow.pipeline.dataset.DatasetMetadata;
import io.augflow.pipeline.dataset.DatasetSchema;
import io.augflow.pipeline.dataset.SampleRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

/**
 * A dataset row whose bytes stopped decoding after ingest (a dataset written by another tool, a damaged copy): the
 * jobs that stream it must stop at once with the sample's id and exit code 3, never wait. Before, DL4J's prefetch
 * thread swallowed the error and training waited forever.
 */
class PoisonedRowTest {
    @TempDir
    static Path dir;
    static String dataset;

    @BeforeAll
    static void write() {
        OpenCv.load();
        SparkSession spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4").getOrCreate();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Mat image = new Mat(28, 28, CvType.CV_8UC1, new Scalar(i % 2 == 0 ? 40 : 200));
            rows.add(SampleRows.toRow("ok-" + i, SampleRows.encodePng(image), 28, 28, 1, i % 2, List.of(),
                    i < 30 ? "train" : "test", "photos/ok-" + i + ".png"));
        }
        byte[] junk = "not an image at all, although the row says it is a PNG".getBytes();
        rows.add(SampleRows.toRow("dogs/IMG_0042.jpg", junk, 28, 28, 1, 1, List.of(), "train", "photos/dogs/IMG_0042.jpg"));
        rows.add(SampleRows.toRow("dogs/IMG_0043.jpg", junk, 28, 28, 1, 1, List.of(), "test", "photos/dogs/IMG_0043.jpg"));
        dataset = dir.resolve("dataset").toString();
        spark.createDataFrame(rows, DatasetSchema.SCHEMA).coalesce(1).write().parquet(dataset);
        DatasetMetadata.of(List.of("cat", "dog"), Map.of()).write(dataset, spark.sparkContext().hadoopConfiguration());
    }

    @AfterAll
    static void stop() {
        SparkSession.active().stop();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void trainStopsWithTheSampleAndExitCode3() throws Exception {
        Path conf = dir.resolve("tiny.conf");
        Files.writeString(conf, TinyTraining.CONF);
        long start = System.nanoTime();
        Console c = Console.capture(() -> AugflowCli.run("train", "--master", "local[2]", "--conf", conf.toString(),
                "-d", dataset, "-o", dir.resolve("model").toString()));
        double seconds = (System.nanoTime() - start) / 1e9;

        assertEquals(3, c.exitCode(), c.describe());
        assertTrue(c.err().contains("data error: sample 'dogs/IMG_0042.jpg'"), c.err());
        assertTrue(c.err().contains("photos/dogs/IMG_0042.jpg"), "the source file is named: " + c.err());
        assertFalse(c.err().contains("\tat "), "no stack trace without --verbose: " + c.err());
        assertTrue(seconds < 60, "stopped after " + seconds + " s");
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void retrainStopsWithTheSampleAndExitCode3AndRegistersNothing() throws Exception {
        Path conf = dir.resolve("tiny.conf");
        Files.writeString(conf, TinyTraining.CONF);
        String registry = dir.resolve("registry").toString();
        Console c = Console.capture(() -> AugflowCli.run("retrain", "--master", "local[2]", "--conf", conf.toString(),
                "-d", dataset, "--registry", registry, "-o", dir.resolve("nightly").toString()));

        assertEquals(3, c.exitCode(), c.describe());
        assertTrue(c.err().contains("sample 'dogs/IMG_0042.jpg'"), c.err());
        assertFalse(Files.exists(Path.of(registry, "versions")) && Files.list(Path.of(registry, "versions"))
                .findAny().isPresent(), "no model version was registered");
    }
}
