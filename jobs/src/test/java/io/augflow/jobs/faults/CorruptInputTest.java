package io.augflow.jobs.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augflow.augment.OpenCv;
import io.augflow.augment.synthetic.SyntheticConf;
import io.augflow.jobs.AugflowCli;
import io.augflow.jobs.ExitCodes;
import io.augflow.jobs.report.ReportJob;
import io.augflow.jobs.report.ReportWarnings;
import io.augflow.pipeline.generate.GenerateJob;
import io.augflow.pipeline.generate.GenerateLayout;
import io.augflow.train.spark.SparkTrainer;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dataset with one truncated Parquet part file: report, train and preview stop with exit code 3 (data refused)
 * naming the file, without a stack trace, never giving a result made from part of the data; with {@code augflow.input.on-corrupt-file = skip} they run on the
 * other files, warn, and record the skipped file (its rows unknown) in report.json and model.json.
 */
class CorruptInputTest {
    private static final String SKIP = "augflow.input.on-corrupt-file=skip";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static SparkSession spark;
    static String dataset;
    static String trainConf;
    static String badFile;
    static long rowsLeft;

    @BeforeAll
    static void damagedDataset() throws IOException {
        OpenCv.load();
        spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4").getOrCreate();
        dataset = dir.resolve("data").toString();
        GenerateJob.run(spark, new SyntheticConf(60, 64, 64, 1, 2, 1, 0, 0, 0, 0, 9), GenerateLayout.DATASET,
                dataset, 3, false);
        List<Path> parts;
        try (Stream<Path> files = Files.list(Path.of(dataset))) {
            parts = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
        }
        assertEquals(3, parts.size());
        Path victim = parts.get(1);
        long rowsOfVictim = spark.read().parquet(victim.toString()).count();
        rowsLeft = 60 - rowsOfVictim;
        try (RandomAccessFile f = new RandomAccessFile(victim.toFile(), "rw")) {
            f.setLength(f.length() - 100); // the footer's end is gone, as after an interrupted copy
        }
        badFile = victim.getFileName().toString();
        trainConf = Files.writeString(dir.resolve("train.conf"), TinyTraining.CONF).toString();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void reportStopsNamingTheFile() {
        Path out = dir.resolve("report-fail");
        Console run = Console.capture(() -> AugflowCli.run("report", "--master", "local[2]", "-d", dataset,
                "-o", out.toString()));
        assertEquals(ExitCodes.DATA, run.exitCode(), run.err());
        assertNamesTheFile(run.err());
        assertFalse(Files.exists(out.resolve(ReportJob.JSON_FILE)) || Files.exists(out.resolve(ReportJob.HTML_FILE)),
                "no partial report");
    }

    @Test
    void reportSkipsWhenAskedAndRecordsTheFile() throws IOException {
        Path out = dir.resolve("report-skip");
        Console run = Console.capture(() -> AugflowCli.run("report", "--master", "local[2]", "-d", dataset,
                "-o", out.toString(), "--set", SKIP));
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.log().lines().anyMatch(l -> l.startsWith("WARN") && l.contains(badFile)), run.log());
        JsonNode report = JSON.readTree(out.resolve(ReportJob.JSON_FILE).toFile());
        assertEquals(rowsLeft, report.at("/provenance/rows").asLong(), "rows of the readable files");
        JsonNode skipped = report.at("/provenance/skippedFiles");
        assertEquals(1, skipped.size());
        assertTrue(skipped.get(0).get("file").asText().endsWith(badFile));
        assertTrue(skipped.get(0).get("rows").isNull(), "row count unknown: " + skipped);
        boolean warned = false;
        for (JsonNode w : report.get("warnings")) {
            warned |= w.get("kind").asText().equals(ReportWarnings.SKIPPED_FILES) && w.get("message").asText().contains(badFile);
        }
        assertTrue(warned, "the page warns: " + report.get("warnings"));
        assertTrue(Files.readString(out.resolve(ReportJob.HTML_FILE)).contains(badFile));
    }

    @Test
    void trainStopsNamingTheFile() {
        Path out = dir.resolve("train-fail");
        Console run = Console.capture(() -> AugflowCli.run("train", "--master", "local[2]", "--conf", trainConf,
                "-d", dataset, "-o", out.toString()));
        assertEquals(ExitCodes.DATA, run.exitCode(), run.err());
        assertNamesTheFile(run.err());
        assertFalse(Files.exists(out.resolve(SparkTrainer.MODEL_FILE)));
        assertFalse(Files.exists(out.resolve(SparkTrainer.CHECKPOINTS)), "stopped before any training");
    }

    @Test
    void trainSkipsWhenAskedAndRecordsTheFileInModelJson() throws IOException {
        Path out = dir.resolve("train-skip");
        Console run = Console.capture(() -> AugflowCli.run("train", "--master", "local[2]", "--conf", trainConf,
                "-d", dataset, "-o", out.toString(), "--set", SKIP));
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.log().lines().anyMatch(l -> l.startsWith("WARN") && l.contains(badFile)), run.log());
        JsonNode model = JSON.readTree(out.resolve(SparkTrainer.RESULT_FILE).toFile());
        assertEquals(rowsLeft, model.at("/provenance/trainRows").asLong(), "every row is in split train here");
        assertEquals(rowsLeft, model.at("/history/0/samples").asLong(), "trained on the readable rows, each once");
        JsonNode skipped = model.at("/provenance/skippedFiles");
        assertEquals(1, skipped.size());
        assertTrue(skipped.get(0).get("file").asText().endsWith(badFile));
        assertTrue(skipped.get(0).get("rows").isNull());
        assertFalse(skipped.get(0).get("reason").asText().isBlank());
    }

    @Test
    void previewStopsNamingTheFileAndSkipsWhenAsked() {
        Path failed = dir.resolve("preview-fail.png");
        Console fail = Console.capture(() -> AugflowCli.run("preview", "--master", "local[2]", "-d", dataset,
                "-o", failed.toString(), "--samples", "3", "--augmentations", "1"));
        assertEquals(ExitCodes.DATA, fail.exitCode(), fail.err());
        assertNamesTheFile(fail.err());
        assertFalse(Files.exists(failed));

        Path skipped = dir.resolve("preview-skip.png");
        Console skip = Console.capture(() -> AugflowCli.run("preview", "--master", "local[2]", "-d", dataset,
                "-o", skipped.toString(), "--samples", "3", "--augmentations", "1", "--set", SKIP));
        assertEquals(0, skip.exitCode(), skip.err());
        assertTrue(Files.exists(skipped));
        assertTrue(skip.log().lines().anyMatch(l -> l.startsWith("WARN") && l.contains(badFile)), skip.log());
        assertTrue(skip.out().contains("1 corrupt Parquet files left out"), skip.out());
    }

    private static void assertNamesTheFile(String err) {
        String failure = err.lines().filter(l -> l.startsWith("augflow ")).findFirst().orElse("");
        assertTrue(failure.contains("data error: dataset " + dataset)
                && failure.contains("1 of 3 Parquet files cannot be read"), err);
        assertTrue(err.contains(badFile) && err.contains("on-corrupt-file = skip"), err);
        assertFalse(err.contains("\tat "), "bad data is no bug: no stack trace: " + err);
    }
}
