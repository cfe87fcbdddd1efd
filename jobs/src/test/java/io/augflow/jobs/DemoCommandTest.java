package io.augflow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augflow.jobs.faults.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, {@code bin/augflow demo}, end to end on fewer images, with its work folder given as a
 * relative path as the default {@code work/} is: every step runs and leaves its output.
 */
class DemoCommandTest {
    @TempDir
    static Path dir;

    @AfterAll
    static void stop() {
        SparkSession.active().stop();
    }

    @Test
    void theDemoRunsEveryStepFromARelativeWorkFolder() throws IOException {
        String work = Path.of("").toAbsolutePath().relativize(dir.resolve("work")).toString();
        Console run = Console.capture(() -> AugflowCli.run("demo", "--master", "local[2]", "--work-dir", work,
                "--images", "400"));
        assertEquals(0, run.exitCode(), run.err());

        Path out = dir.resolve("work");
        assertTrue(run.out().contains("demo: done. Outputs in " + out), run.out());
        assertTrue(Files.exists(out.resolve("dataset/_classes.json")), "ingested");
        assertTrue(Files.exists(out.resolve("report/report.html")), "balancing report");
        assertTrue(Files.size(out.resolve("preview.png")) > 0, "preview");
        JsonNode model = new ObjectMapper().readTree(out.resolve("model/model.json").toFile());
        assertEquals(model.path("epochs").asInt(), model.path("history").size(), "every planned epoch trained");
        assertTrue(model.path("test").path("examples").asLong() > 0, "evaluated on the test split: " + model.path("test"));
        assertTrue(Files.exists(out.resolve("model/model.zip")));
    }
}
