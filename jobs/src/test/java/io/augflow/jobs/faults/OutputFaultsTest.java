package io.augflow.jobs.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.OpenCv;
import io.augflow.augment.synthetic.SyntheticConf;
import io.augflow.jobs.AugflowCli;
import io.augflow.pipeline.generate.GenerateJob;
import io.augflow.pipeline.generate.GenerateLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Targets that cannot be written, and a disk that fills up mid-write, for generate, ingest, train, report and
 * preview (a target under a file only: its PNG is written by the driver, local files only): exit
 * code 1, one message naming the target and the cause, and nothing half-written at the target (no dataset folder,
 * no model.zip) nor any temporary sibling left beside it.
 *
 * <p>"Unwritable" is made two ways that hold for every user (tests often run as root, who ignores permission bits):
 * the target's parent is a regular file, and {@link FaultyFileSystem} in read-only mode. The full disk is
 * {@link FaultyFileSystem} failing every write after a few kilobytes.
 */
class OutputFaultsTest {

    @TempDir
    static Path dir;
    static SparkSession spark;
    static String dataset;
    static String landing;
    static String trainConf;

    @BeforeAll
    static void inputs() throws IOException {
        OpenCv.load();
        spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
                // one write task per job: a failed job's still-running sibling tasks cannot race its clean-up
                .config("spark.sql.shuffle.partitions", "1").getOrCreate();
        FaultyFileSystem.register(spark.sparkContext().hadoopConfiguration());
        SyntheticConf small = new SyntheticConf(64, 64, 64, 1, 2, 1, 0, 0, 0, 0, 3);
        dataset = dir.resolve("data").toString();
        GenerateJob.run(spark, small, GenerateLayout.DATASET, dataset, 1, false);
        landing = dir.resolve("landing").toString();
        GenerateJob.run(spark, new SyntheticConf(12, 64, 64, 1, 2, 1, 0, 0, 0, 0, 3), GenerateLayout.YOLO, landing,
                1, false);
        trainConf = Files.writeString(dir.resolve("train.conf"), TinyTraining.CONF).toString();
    }

    @AfterEach
    void heal() {
        FaultyFileSystem.healthy();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** The job's arguments writing to {@code target}. */
    private static String[] job(String name, String target) {
        return switch (name) {
            case "generate" -> new String[] {"generate", "--master", "local[2]", "--images", "40", "-o", target,
                "--set", "augflow.generate.partitions=1", "--set", "augflow.generate.width=64",
                "--set", "augflow.generate.height=64"};
            case "ingest" -> new String[] {"ingest", "--master", "local[2]", "-i", landing, "-o", target,
                "--set", "augflow.ingest.partitions=1"};
            case "train" -> new String[] {"train", "--master", "local[2]", "--conf", trainConf, "-d", dataset,
                "-o", target};
            case "report" -> new String[] {"report", "--master", "local[2]", "-d", dataset, "-o", target};
            case "preview" -> new String[] {"preview", "--master", "local[2]", "-d", dataset, "-o", target + ".png",
                "--samples", "2", "--augmentations", "1"};
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"generate", "ingest", "train", "report", "preview"})
    void aTargetUnderARegularFileFailsNamingIt(String name) throws IOException {
        Path file = Files.writeString(dir.resolve(name + "-parent-is-a-file"), "a file, not a folder");
        Path target = file.resolve("out");
        Console run = Console.capture(() -> AugflowCli.run(job(name, target.toString())));
        assertEquals(AugflowCli.EXIT_FAILED, run.exitCode(), run.err());
        String message = firstLine(run.err());
        assertTrue(message.contains("cannot write") && message.contains(target.getFileName().toString())
                && message.contains(file + " is a file, not a folder"), message);
        assertEquals("a file, not a folder", Files.readString(file), "the file in the way is untouched");
    }

    @ParameterizedTest
    @ValueSource(strings = {"generate", "ingest", "train"})
    void aReadOnlyFileSystemFailsBeforeAnyWorkNamingTheTarget(String name) throws IOException {
        Path parent = Files.createDirectories(dir.resolve(name + "-read-only"));
        String target = FaultyFileSystem.uri(parent.resolve("out"));
        FaultyFileSystem.readOnly();
        Console run = Console.capture(() -> AugflowCli.run(job(name, target)));
        assertEquals(AugflowCli.EXIT_FAILED, run.exitCode(), run.err());
        String message = firstLine(run.err());
        assertTrue(message.contains("cannot write") && message.contains(parent.resolve("out").toString())
                && message.contains("Permission denied"), message);
        assertEmpty(parent);
    }

    @ParameterizedTest
    @ValueSource(strings = {"generate", "ingest"})
    void aFullDiskLeavesNoDatasetAndNoTemporaryFolder(String name) throws IOException {
        Path parent = Files.createDirectories(dir.resolve(name + "-disk-full"));
        String target = FaultyFileSystem.uri(parent.resolve("out"));
        FaultyFileSystem.diskFullAfter(4096);
        Console run = Console.capture(() -> AugflowCli.run(job(name, target)));
        assertEquals(AugflowCli.EXIT_FAILED, run.exitCode(), run.err());
        String message = firstLine(run.err());
        assertTrue(message.contains("cannot write " + target.replace(":///", ":/"))
                && message.endsWith("No space left on device"), message);
        assertEmpty(parent);
    }

    @Test
    void aFullDiskDuringTrainingLeavesNoModelAndNoPartialCheckpoint() throws IOException {
        Path out = dir.resolve("train-disk-full");
        FaultyFileSystem.diskFullAfter(4096); // the first checkpoint (a LeNet-5 with Adam state: ~2 MB) cannot fit
        Console run = Console.capture(() -> AugflowCli.run(job("train", FaultyFileSystem.uri(out))));
        assertEquals(AugflowCli.EXIT_FAILED, run.exitCode(), run.err());
        String message = firstLine(run.err());
        assertTrue(message.contains("cannot write the checkpoint of epoch 0") && message.contains(out.toString())
                && message.endsWith("No space left on device"), message);
        try (Stream<Path> all = Files.walk(out)) {
            List<Path> files = all.filter(Files::isRegularFile).toList();
            assertTrue(files.isEmpty(), "no model.zip, model.json, history or partial checkpoint: " + files);
        }
    }

    /** The CLI's one-line failure message: {@code augflow <job>: failed: ...} (maybe after a progress bar). */
    private static String firstLine(String err) {
        return err.lines().filter(l -> l.contains("augflow ") && l.contains(": failed: ")).findFirst()
                .map(l -> l.substring(l.indexOf("augflow ")))
                .orElse("(no failure line in:\n" + err + ")");
    }

    /** Nothing at the target, and no hidden temporary sibling or probe left beside it. */
    private static void assertEmpty(Path parent) throws IOException {
        try (Stream<Path> files = Files.list(parent)) {
            List<String> left = files.map(p -> p.getFileName().toString()).toList();
            assertTrue(left.isEmpty(), "left behind in " + parent + ": " + left);
        }
        assertFalse(Files.exists(parent.resolve("out")));
    }
}
