package io.augflow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augflow.augment.OpenCv;
import io.augflow.augment.synthetic.SyntheticConf;
import io.augflow.jobs.faults.Console;
import io.augflow.pipeline.generate.GenerateJob;
import io.augflow.pipeline.generate.GenerateLayout;
import io.augflow.train.registry.ModelRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly case that hung: a champion trained on 64 x 64 images, then new 96 x 96 images appended by
 * {@code ingest --incremental}. The warm-started challenger keeps the champion's recorded input (the new images are
 * brought to 64 x 64), trains, and is promoted or rejected: the run ends either way.
 */
class RetrainNewResolutionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static SparkSession spark;
    static Path conf;

    @BeforeAll
    static void start() throws IOException {
        OpenCv.load();
        spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4").getOrCreate();
        conf = dir.resolve("nightly.conf");
        Files.writeString(conf, """
                augflow {
                  seed = 3
                  spark.master = "local[2]"
                  train { epochs = 1, workers = 2, batch-size-per-worker = 16, averaging-frequency = 2,
                          rows-per-shard = 32, evaluate-split = "", test-split = "" }
                  model { architecture = lenet5, batch-norm = false, l2 = 0 }
                  augment { pipeline = [ {type = horizontal-flip, p = 0.5} ] }
                  report { samples = 0 }
                  retrain { epochs = 1, min-new-rows = 50, holdout-split = test }
                }
                """);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void aChallengerOnNewImagesOfAnotherSizeKeepsTheChampionsInputAndTheRunEnds() throws Exception {
        Path landing = dir.resolve("landing");
        land(landing, 64, 120, 1, "");
        String dataset = dir.resolve("dataset").toString();
        String registry = dir.resolve("registry").toString();
        assertEquals(0, ingest(landing, dataset).exitCode());
        Console first = retrain(dataset, registry, "night-1");
        assertEquals(0, first.exitCode(), first.describe());
        JsonNode champion = modelJson(dir.resolve("night-1/model"));
        assertEquals("[3,64,64]", champion.path("input").toString());

        land(landing, 96, 120, 2, "b2-");
        Console appended = ingest(landing, dataset);
        assertEquals(0, appended.exitCode(), appended.describe());
        assertEquals(96, spark.read().parquet(dataset).filter("id like '%b2-%'").first().<Integer>getAs("width"));

        Console second = retrain(dataset, registry, "night-2");
        assertEquals(0, second.exitCode(), second.describe());
        JsonNode record = JSON.readTree(dir.resolve("night-2/retrain.json").toFile());
        assertTrue(List.of("promoted", "rejected").contains(record.path("outcome").asText()), record.toString());
        JsonNode challenger = modelJson(dir.resolve("night-2/model"));
        assertEquals("[3,64,64]", challenger.path("input").toString(), "the champion's input, kept");
        String warmStart = challenger.path("provenance").path("warmStart").asText();
        assertTrue(warmStart.contains("/v0001/"), "warm-started from the champion v1: " + warmStart);
        assertEquals(2, ModelRegistry.open(registry, spark.sparkContext().hadoopConfiguration()).list().size());
    }

    /** Generates a YOLO folder of {@code images} images of side {@code side} and lands it, labels first. */
    private static void land(Path landing, int side, int images, long seed, String prefix) throws IOException {
        Path generated = dir.resolve("generated-" + side);
        GenerateJob.run(spark, new SyntheticConf(images, side, side, 3, 2, 2, 0.3, 1, 0, 0.25, seed),
                GenerateLayout.YOLO, generated.toString(), 2, false);
        for (String part : List.of("labels", "images")) { // land labels before their images (README)
            try (Stream<Path> files = Files.walk(generated.resolve(part))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Path relative = generated.resolve(part).relativize(f);
                    Path target = landing.resolve(part).resolve(relative.getParent() == null ? Path.of("")
                            : relative.getParent()).resolve(prefix + f.getFileName());
                    Files.createDirectories(target.getParent());
                    Files.copy(f, target);
                }
            }
        }
        Files.copy(generated.resolve("classes.txt"), landing.resolve("classes.txt"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static Console ingest(Path landing, String dataset) {
        return Console.capture(() -> AugflowCli.run("ingest", "--incremental", "--conf", conf.toString(), "-i",
                landing.toString(), "-o", dataset, "--layout", "yolo"));
    }

    private static Console retrain(String dataset, String registry, String run) {
        return Console.capture(() -> AugflowCli.run("retrain", "--conf", conf.toString(), "-d", dataset,
                "--registry", registry, "-o", dir.resolve(run).toString()));
    }

    private static JsonNode modelJson(Path modelDir) throws IOException {
        return JSON.readTree(modelDir.resolve("model.json").toFile());
    }
}
