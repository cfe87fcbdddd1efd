package io.augflow.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.OpenCv;
import io.augflow.augment.synthetic.SyntheticConf;
import io.augflow.jobs.faults.Console;
import io.augflow.jobs.faults.FaultyFileSystem;
import io.augflow.pipeline.dataset.DatasetMetadata;
import io.augflow.pipeline.dataset.DatasetSchema;
import io.augflow.pipeline.generate.GenerateJob;
import io.augflow.pipeline.generate.GenerateLayout;
import io.augflow.train.registry.ModelRegistry;
import io.augflow.train.registry.RegistryLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every exit code of the CLI through {@link AugflowCli#run}, as a user or a scheduler sees it: the code, the one
 * message on standard error with what to do, and a stack trace only for a bug or with {@code --verbose}. Most cases
 * fail before Spark starts (registry commands, preflight checks); one runs a Spark job whose executors meet an
 * undecodable image, the failure Spark wraps in "Job aborted due to stage failure".
 */
class ExitCodesTest {
    private static final String TRACE = "\tat ";

    @TempDir
    static Path dir;
    static SparkSession spark;
    static String emptyRegistry;
    static String undecodable;

    @BeforeAll
    static void inputs() throws Exception {
        OpenCv.load();
        spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
        emptyRegistry = dir.resolve("registry").toString();
        ModelRegistry.open(emptyRegistry, new Configuration());
        // every image has small objects (so preview's copy-paste bank decodes it on an executor), and bytes that are
        // not an image
        String generated = dir.resolve("generated").toString();
        GenerateJob.run(spark, new SyntheticConf(8, 64, 64, 1, 2, 1, 1.0, 1, 0, 0, 3), GenerateLayout.DATASET,
                generated, 1, false);
        undecodable = dir.resolve("undecodable").toString();
        spark.read().parquet(generated).withColumn(DatasetSchema.IMAGE, lit(new byte[] {1, 2, 3}))
                .select(Arrays.stream(DatasetSchema.SCHEMA.fieldNames()).map(c -> col(c)).toArray(Column[]::new))
                .write().parquet(undecodable);
        Files.copy(Path.of(generated, DatasetMetadata.FILE_NAME), Path.of(undecodable, DatasetMetadata.FILE_NAME));
    }

    @AfterEach
    void heal() {
        FaultyFileSystem.healthy();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void zeroWhenTheJobIsDone() {
        Console run = cli("models", "list", "--registry", emptyRegistry);
        assertEquals(ExitCodes.OK, run.exitCode(), run.describe());
        assertEquals("", run.err());
    }

    @Test
    void oneWithoutAStackTraceWhenTheOutputCannotBeWritten() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "in the way");
        Console run = cli("report", "-d", undecodable, "-o", file.resolve("report").toString());
        assertEquals(ExitCodes.FAILED, run.exitCode(), run.describe());
        assertFirstLine(run, "augflow report: failed: cannot write " + file.resolve("report") + ": " + file
                + " is a file, not a folder");
        assertTrue(run.err().contains("make the output writable"), run.err());
        assertFalse(run.err().contains(TRACE), "an expected failure has no stack trace: " + run.err());
    }

    @Test
    void oneWithTheStackTraceForAnUnexpectedFailure() {
        FaultyFileSystem.buggy();
        Console run = cli("models", "list", "--registry", FaultyFileSystem.uri(dir.resolve("faulty-registry")),
                "--set", "augflow.spark.conf.\"spark.hadoop.fs.faulty.impl\"=" + FaultyFileSystem.class.getName(),
                "--set", "augflow.spark.conf.\"spark.hadoop.fs.faulty.impl.disable.cache\"=true");
        assertEquals(ExitCodes.FAILED, run.exitCode(), run.describe());
        assertFirstLine(run, "augflow models list: failed: IllegalStateException: injected bug: the file system"
                + " client broke looking up ");
        assertTrue(run.err().contains("an unexpected failure (a bug"), run.err());
        assertTrue(run.err().contains("java.lang.IllegalStateException: injected bug") && run.err().contains(TRACE),
                "a bug comes with its stack trace: " + run.err());
    }

    @Test
    void twoForBadUsage() {
        Console missing = cli("generate", "--images", "10");
        assertEquals(ExitCodes.USAGE, missing.exitCode(), missing.describe());
        assertTrue(missing.err().startsWith("Missing required option: '--output=PATH'"), missing.err());
        Console unknown = cli("models", "list", "--registery", emptyRegistry);
        assertEquals(ExitCodes.USAGE, unknown.exitCode(), unknown.describe());
        assertTrue(unknown.err().startsWith("Unknown option") && unknown.err().contains("'--registery'"),
                unknown.err());
    }

    @Test
    void twoForABadConfigurationValueWithoutAStackTrace() {
        Console blank = cli("models", "list", "--set", "augflow.registry.path=");
        assertEquals(ExitCodes.USAGE, blank.exitCode(), blank.describe());
        assertFirstLine(blank, "augflow models list: invalid option or configuration: --registry /"
                + " augflow.registry.path must name a folder, got \"\"");
        assertFalse(blank.err().contains(TRACE), blank.err());
        // a value of the wrong type, found by the configuration library itself
        Console type = cli("generate", "-o", dir.resolve("never").toString(), "--set", "augflow.generate.images=many");
        assertEquals(ExitCodes.USAGE, type.exitCode(), type.describe());
        assertFirstLine(type, "augflow generate: invalid option or configuration: command line: images has type"
                + " STRING rather than NUMBER");
        assertFalse(type.err().contains(TRACE), type.err());
        // --task is the command line's name for augflow.model.task, checked before any data is read
        Console task = cli("train", "-d", dir.resolve("no-dataset").toString(), "-o", dir.resolve("never").toString(),
                "--task", "segment");
        assertEquals(ExitCodes.USAGE, task.exitCode(), task.describe());
        assertTrue(task.err().contains("augflow.model.task must be one of [classify, detect, auto], got segment"),
                task.err());
        assertFalse(task.err().contains(TRACE), task.err());
    }

    @Test
    void threeForAMissingInputWithoutAStackTrace() {
        String missing = dir.resolve("no-registry").toString();
        Console run = cli("models", "list", "--registry", missing);
        assertEquals(ExitCodes.DATA, run.exitCode(), run.describe());
        assertFirstLine(run, "augflow models list: data error: no model registry at " + missing);
        assertEquals("  fix or replace the input named above, then run again (--verbose prints the stack trace)",
                run.err().lines().skip(1).findFirst().orElse(""));
        assertEquals(2, run.err().lines().count(), "the message and what to do, nothing else: " + run.err());
    }

    @Test
    void verboseAnywhereOrTheStacktracePropertyPrintsTheTraceOfAnExpectedFailure() {
        String missing = dir.resolve("no-registry").toString();
        for (String[] args : new String[][] {{"models", "list", "--registry", missing, "--verbose"},
            {"--verbose", "models", "list", "--registry", missing}, {"models", "--verbose", "list", "--registry", missing}}) {
            Console run = cli(args);
            assertEquals(ExitCodes.DATA, run.exitCode(), run.describe());
            assertFirstLine(run, "augflow models list: data error: no model registry at " + missing);
            assertTrue(run.err().contains("io.augflow.augment.DataException: no model registry at")
                    && run.err().contains(TRACE), String.join(" ", args) + ": " + run.err());
        }
        System.setProperty(AugflowCli.STACKTRACE_PROPERTY, "true");
        try {
            Console run = cli("models", "list", "--registry", missing);
            assertTrue(run.err().contains(TRACE), run.err());
        } finally {
            System.clearProperty(AugflowCli.STACKTRACE_PROPERTY);
        }
    }

    @Test
    void threeForUndecodableDataFoundOnAnExecutorWithTheSamplesOwnMessage() {
        Path png = dir.resolve("preview.png");
        Console run = cli("preview", "--master", "local[2]", "-d", undecodable, "-o", png.toString(),
                "--samples", "2", "--augmentations", "1");
        assertEquals(ExitCodes.DATA, run.exitCode(), run.describe());
        String first = firstLine(run);
        assertTrue(first.startsWith("augflow preview: data error: sample '") && first.contains(
                "': cannot decode 3 image bytes (source "), "the executor's message, not Spark's: " + run.err());
        assertFalse(run.err().contains("Job aborted") || run.err().contains(TRACE), run.err());
        // nor does Spark's log repeat the executor's stack trace (local mode: the executor logs in this JVM)
        assertFalse(run.log().contains("Exception in task") || run.log().contains("Lost task"), run.log());
        assertFalse(Files.exists(png));

        Console verbose = cli("preview", "--master", "local[2]", "-d", undecodable, "-o", png.toString(),
                "--samples", "2", "--augmentations", "1", "--verbose");
        assertEquals(ExitCodes.DATA, verbose.exitCode(), verbose.describe());
        assertTrue(verbose.err().contains("Caused by: io.augflow.augment.InvalidSampleException: sample '")
                && verbose.err().contains(TRACE), "Spark's wrapping and the executor's trace: " + verbose.err());
        assertTrue(verbose.log().contains("Exception in task") && verbose.log().contains("Lost task"),
                "Spark's own task failure log: " + verbose.log());
    }

    @Test
    void fourWhenTheRegistryIsLocked() {
        try (RegistryLock held = ModelRegistry.open(emptyRegistry, new Configuration()).lock("a nightly retrain")) {
            Console run = cli("models", "rollback", "--registry", emptyRegistry);
            assertEquals(ExitCodes.LOCKED, run.exitCode(), run.describe());
            assertFirstLine(run, "augflow models rollback: locked: model registry " + emptyRegistry
                    + " is locked by 'a nightly retrain'");
            assertFalse(run.err().contains(TRACE), run.err());
        }
    }

    @Test
    void fourWhenThereIsNothingToDo() {
        Console run = cli("models", "rollback", "--registry", emptyRegistry);
        assertEquals(ExitCodes.LOCKED, run.exitCode(), run.describe());
        assertFirstLine(run, "augflow models rollback: nothing to do: nothing to roll back in " + emptyRegistry);
        assertFalse(run.err().contains(TRACE), run.err());
    }

    @Test
    void helpListsTheExitCodesForTheToolAndEachJob() {
        for (String[] args : new String[][] {{"--help"}, {"retrain", "--help"}, {"models", "promote", "--help"}}) {
            Console run = cli(args);
            assertEquals(ExitCodes.OK, run.exitCode(), run.describe());
            String help = run.out();
            assertTrue(help.contains("Exit codes:"), help);
            for (int code = 0; code <= 4; code++) {
                assertTrue(help.matches("(?s).*\n   " + code + "   .*"), "code " + code + " listed: " + help);
            }
            assertTrue(help.contains("--verbose"), "the inherited option is listed: " + help);
        }
    }

    private static Console cli(String... args) {
        return Console.capture(() -> AugflowCli.run(args));
    }

    private static String firstLine(Console run) {
        return run.err().lines().findFirst().orElse("");
    }

    private static void assertFirstLine(Console run, String prefix) {
        assertTrue(firstLine(run).startsWith(prefix), "expected '" + prefix + "...', got:\n" + run.err());
    }
}
