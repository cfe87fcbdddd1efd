package io.augflow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.jobs.faults.Console;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestCommandTest {
    @TempDir
    static Path dir;
    static Path landing;

    @BeforeAll
    static void generateLanding() {
        landing = dir.resolve("landing");
        assertEquals(0, AugflowCli.run("generate", "--master", "local[2]", "--images", "40", "--layout", "yolo",
                "-o", landing.toString()));
    }

    @AfterAll
    static void stopSpark() {
        SparkSession.active().stop();
    }

    @Test
    void ingestsTheGeneratedYoloFolderAndCountsEveryRow() throws Exception {
        Path out = dir.resolve("ok");
        assertEquals(0, AugflowCli.run("ingest", "--master", "local[2]", "-i", landing.toString(), "-o", out.toString()));
        assertEquals(40, SparkSession.active().read().parquet(out.toString()).count());
        String summary = Files.readString(out.resolve("_ingest_summary.json"));
        assertTrue(summary.contains("\"rowsIn\" : 40") && summary.contains("\"rowsWritten\" : 40"), summary);
    }

    @Test
    void tooManyBadRowsFailsAndLeavesNothing() throws Exception {
        Path broken = dir.resolve("broken");
        assertEquals(0, AugflowCli.run("generate", "--master", "local[2]", "--images", "20", "--layout", "yolo",
                "-o", broken.toString()));
        try (var pngs = Files.walk(broken.resolve("images"))) {
            for (Path p : pngs.filter(f -> f.toString().endsWith(".png")).limit(5).toList()) {
                Files.write(p, new byte[] {1, 2, 3}); // 25% undecodable, over the 5% default
            }
        }
        Path out = dir.resolve("broken-out");
        Console refused = Console.capture(() -> AugflowCli.run("ingest", "--master", "local[2]", "-i",
                broken.toString(), "-o", out.toString()));
        assertEquals(ExitCodes.DATA, refused.exitCode(), refused.describe());
        assertTrue(refused.err().startsWith("augflow ingest: data error: "), refused.err());
        assertFalse(refused.err().contains("\tat "), "a refusal is no bug: no stack trace: " + refused.err());
        assertFalse(Files.exists(out), "a failed ingest leaves no dataset");
        assertEquals(0, AugflowCli.run("ingest", "--master", "local[2]", "-i", broken.toString(), "-o",
                out.toString(), "--max-bad-fraction", "0.5"));
        assertEquals(15, SparkSession.active().read().parquet(out.toString()).count());
        assertEquals(5, SparkSession.active().read().parquet(out + "_quarantine").count());
    }

    /** Runs the CLI and returns {exit code, stdout}. */
    private static Object[] runCapturing(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            int code = AugflowCli.run(args);
            return new Object[] {code, o.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
        }
    }

    @Test
    void incrementalAppendsWhatLandedOnceAndThenNothing() {
        Path out = dir.resolve("incremental");
        Path checkpoint = dir.resolve("incremental-checkpoint");
        String[] args = {"ingest", "--incremental", "--master", "local[2]", "-i", landing.toString(), "-o",
            out.toString(), "--checkpoint", checkpoint.toString()};
        Object[] first = runCapturing(args);
        assertEquals(0, first[0]);
        assertTrue(((String) first[1]).contains("40 new files in 1 batch, 40 rows written, 0 quarantined"),
                (String) first[1]);
        assertEquals(40, SparkSession.active().read().parquet(out.toString()).count());
        assertTrue(Files.exists(out.resolve("_ingest_log/batch-0.json")));
        assertTrue(Files.isDirectory(checkpoint.resolve("offsets")), "the given checkpoint is used");

        Object[] again = runCapturing(args);
        assertEquals(0, again[0]);
        assertTrue(((String) again[1]).contains("nothing new") && ((String) again[1]).contains("holds 40 rows"),
                (String) again[1]);
        assertEquals(40, SparkSession.active().read().parquet(out.toString()).count());

        assertEquals(AugflowCli.EXIT_USAGE, AugflowCli.run("ingest", "--incremental", "--overwrite", "--master",
                "local[2]", "-i", landing.toString(), "-o", out.toString()));
        assertEquals(AugflowCli.EXIT_USAGE, AugflowCli.run("ingest", "--checkpoint", checkpoint.toString(),
                "--master", "local[2]", "-i", landing.toString(), "-o", dir.resolve("y").toString()));
    }

    @Test
    void splitFoldersKeepTheirSplitUnderSplitAndTheSummarySaysSo() throws Exception {
        Path out = dir.resolve("split-kept");
        Object[] run = runCapturing("ingest", "--master", "local[2]", "-i", landing.toString(), "-o", out.toString(),
                "--split", "train=0.8,val=0.1,test=0.1");
        assertEquals(0, run[0]);
        String printed = (String) run[1];
        assertTrue(printed.contains("40 rows in, 40 written {") && printed.contains("splits:     40 kept the split "
                + "their layout names"), printed);
        String summary = Files.readString(out.resolve("_ingest_summary.json"));
        assertTrue(summary.contains("\"split\" : \"train=0.8,val=0.1,test=0.1\"") && summary.contains("\"layout\" : 40")
                && summary.contains("\"writtenByClassAndSplit\""), summary);
    }

    @Test
    void aBadSplitIsAUsageErrorNamingTheKeyValueAndRule() {
        PrintStream err = System.err;
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            code = AugflowCli.run("ingest", "--master", "local[2]", "-i", landing.toString(), "-o",
                    dir.resolve("bad-split").toString(), "--split", "train=0.9,val=0.2");
        } finally {
            System.setErr(err);
        }
        assertEquals(AugflowCli.EXIT_USAGE, code);
        String message = e.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("invalid option or configuration: split 'train=0.9,val=0.2': fractions must sum to 1 (within "
                + "1e-6); they sum to 1.1"), message);
        assertFalse(Files.exists(dir.resolve("bad-split")), "refused before anything ran");
    }

    @Test
    void anUnknownLayoutIsAUsageError() {
        assertEquals(AugflowCli.EXIT_USAGE, AugflowCli.run("ingest", "--master", "local[2]", "-i", landing.toString(),
                "-o", dir.resolve("x").toString(), "--layout", "pascal-voc"));
    }
}
