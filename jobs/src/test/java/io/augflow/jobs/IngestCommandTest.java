package io.augflow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals(AugflowCli.EXIT_FAILED,
                AugflowCli.run("ingest", "--master", "local[2]", "-i", broken.toString(), "-o", out.toString()));
        assertFalse(Files.exists(out), "a failed ingest leaves no dataset");
        assertEquals(0, AugflowCli.run("ingest", "--master", "local[2]", "-i", broken.toString(), "-o",
                out.toString(), "--max-bad-fraction", "0.5"));
        assertEquals(15, SparkSession.active().read().parquet(out.toString()).count());
        assertEquals(5, SparkSession.active().read().parquet(out + "_quarantine").count());
    }

    @Test
    void anUnknownLayoutIsAUsageError() {
        assertEquals(AugflowCli.EXIT_USAGE, AugflowCli.run("ingest", "--master", "local[2]", "-i", landing.toString(),
                "-o", dir.resolve("x").toString(), "--layout", "pascal-voc"));
    }
}
