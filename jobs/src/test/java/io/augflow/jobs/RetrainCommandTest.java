package io.augflow.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.augflow.augment.OpenCv;
import io.augflow.augment.synthetic.SyntheticConf;
import io.augflow.jobs.faults.Console;
import io.augflow.jobs.retrain.RetrainJob;
import io.augflow.pipeline.dataset.DatasetSchema;
import io.augflow.pipeline.generate.GenerateJob;
import io.augflow.pipeline.generate.GenerateLayout;
import io.augflow.train.registry.ModelRegistry;
import io.augflow.train.registry.ModelVersion;
import io.augflow.train.registry.RegistryLock;
import io.augflow.train.registry.VersionMetadata;
import io.augflow.train.spark.EpochListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code augflow retrain} end to end on local[2] with a small LeNet-5 and tiny generated data, as one registry's
 * history, in this order: the first model -> no new data (nothing done) -> good new data, but a crash after
 * registering (champion kept) -> the same data again (promoted) -> new data with wrong labels (rejected) -> a held
 * lock (exit 4) -> a bad key (exit 2).
 *
 * <p>The champion is made weak on purpose, and weak on every class: the first model is trained on a copy of the base
 * dataset whose training rows carry swapped labels, so it learns the wrong mapping (its snapshot has the same row
 * count, so the later runs on the real dataset see only the appended rows as new). A champion merely trained too
 * little predicts nearly every image as one class, recall 1.0 there, and the recall rule then rightly rejects any
 * realistic challenger (measured while writing this test). Against the wrong-way champion (8 epochs, so it learns the
 * wrong mapping well: recalls 0.30 and 0.28), the challenger trained on the base rows plus 600 good ones wins on the
 * metric and on every class's recall by wide margins (0.97 and 1.00); the 900 wrong rows appended next outweigh the
 * good ones, so the next challenger falls behind the promoted one. Training is reproducible (the stream's order
 * follows the rows' ids, not the temporary folder's path), so these figures repeat on one machine; the margins are
 * what keeps the test stable on another CPU, whose floating point may differ.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetrainCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static SparkSession spark;
    static Path conf;
    static String dataset;
    static String mislabelled;
    static String registryPath;
    static List<String> goodFiles;

    @BeforeAll
    static void generate() throws Exception {
        OpenCv.load();
        spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4").getOrCreate();
        dataset = dir.resolve("dataset").toString();
        // 2 balanced shapes, 64x64 grey; 40% of the rows in split test (the holdout)
        GenerateJob.run(spark, new SyntheticConf(160, 64, 64, 1, 2, 1, 0, 0, 0, 0.4, 3), GenerateLayout.DATASET,
                dataset, 2, false);
        // the same rows, the training ones labelled the wrong way round: what the weak first model learns from
        mislabelled = dir.resolve("mislabelled").toString();
        Dataset<Row> base = spark.read().parquet(dataset);
        Dataset<Row> train = swapLabels(base.filter(col(DatasetSchema.SPLIT).equalTo("train")));
        ordered(train).union(ordered(base.filter(col(DatasetSchema.SPLIT).notEqual("train")))).write()
                .parquet(mislabelled);
        Files.copy(Path.of(dataset, "_classes.json"), Path.of(mislabelled, "_classes.json"));
        registryPath = dir.resolve("registry").toString();
        conf = dir.resolve("retrain-test.conf");
        Files.writeString(conf, """
                augflow {
                  seed = 5
                  work-dir = "%s"
                  spark.master = "local[2]"
                  # one worker: parameter averaging is a no-op, so the few steps count fully. 8 epochs for the
                  # first model (the challengers train retrain.epochs): long enough to learn the wrong mapping well
                  train { epochs = 8, workers = 1, batch-size-per-worker = 8, averaging-frequency = 25,
                          prefetch-batches = 1, rows-per-shard = 32, evaluate-split = "", test-split = "" }
                  model { architecture = lenet5, batch-norm = true, l2 = 0, input-size = "28x28" }
                  optimizer { type = adam, learning-rate = 0.001 }
                  augment { pipeline = [] }
                  balance { strategy = none }
                  report { samples = 0 }
                  retrain { epochs = 2, min-new-rows = 50, min-new-share = 0.5 }
                }
                """.formatted(dir.resolve("work")));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    @Order(1)
    void firstRunTrainsRegistersAndPromotesTheFirstModel() throws Exception {
        Console r = retrain("run-first", "-d", mislabelled);
        assertEquals(0, r.exitCode(), r.describe());
        JsonNode record = record("run-first");
        assertEquals("first-model", record.path("outcome").asText());
        ModelRegistry registry = registry();
        ModelVersion v1 = registry.champion().orElseThrow();
        assertEquals(1, v1.version());
        VersionMetadata m = v1.metadata();
        assertNull(m.parentVersion());
        assertEquals(VersionMetadata.SCRATCH, m.trainedFrom());
        assertEquals(mislabelled, m.dataset().path());
        assertEquals(spark.read().parquet(mislabelled).count(), m.dataset().rows());
        assertEquals(spark.read().parquet(mislabelled).filter("split = 'train'").count(),
                m.dataset().rowsByClass().values().stream().mapToLong(Long::longValue).sum(),
                "rows by class: the statistics' counted split (train)");
        assertEquals(record.path("challengerMetrics").path("macroF1").asDouble(), m.metrics().get("macro_f1"));
        assertEquals("first model", registry.championHistory().get(0).reason());
        assertTrue(Files.exists(dir.resolve("run-first/balance/report.html")));
        assertTrue(r.out().contains("first model: v1 registered and promoted"), r.out());
    }

    @Test
    @Order(2)
    void withoutNewDataNothingIsTrainedAndTheChampionStays() throws Exception {
        Console r = retrain("run-none");
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.out().contains("nothing to do: 0 new rows since champion v1 (need >= 50 new rows or >= 50.0%"),
                r.out());
        JsonNode record = record("run-none");
        assertEquals("nothing-to-do", record.path("outcome").asText());
        assertEquals(0, record.path("delta").path("newRows").asLong());
        assertFalse(Files.exists(dir.resolve("run-none").resolve(RetrainJob.MODEL_DIR)), "nothing trained");
        assertEquals(1, registry().list().size());
        assertEquals(1, registry().champion().orElseThrow().version());
    }

    @Test
    @Order(4)
    void goodNewDataGivesABetterChallengerThatIsPromoted() throws Exception {
        Console r = retrain("run-good");
        assertEquals(0, r.exitCode(), r.describe());
        JsonNode record = record("run-good");
        assertEquals("promoted", record.path("outcome").asText(), record.toPrettyString());

        JsonNode delta = record.path("delta");
        assertEquals(600, delta.path("newRows").asLong());
        assertEquals(600, delta.path("newRowsByClass").path("circle").asLong()
                + delta.path("newRowsByClass").path("square").asLong());
        assertEquals(goodFiles, strings(delta.path("newFiles")));

        JsonNode decision = record.path("decision");
        assertTrue(decision.path("promote").asBoolean());
        double champion = record.path("championMetrics").path("macroF1").asDouble();
        double challenger = record.path("challengerMetrics").path("macroF1").asDouble();
        assertEquals(champion, decision.path("championScore").asDouble());
        assertEquals(challenger, decision.path("challengerScore").asDouble());
        assertTrue(challenger - champion >= 0.005, "the rule's margin: " + champion + " -> " + challenger);
        for (JsonNode c : decision.path("perClass")) {
            assertTrue(c.path("drop").asDouble() <= 0.05 + 1e-9, "recall drop within the limit: " + c);
        }
        assertEquals(record.path("championMetrics").path("examples").asLong(),
                record.path("challengerMetrics").path("examples").asLong(), "the same holdout");
        assertEquals(spark.read().parquet(dataset).filter("split = 'test'").count(),
                record.path("challengerMetrics").path("examples").asLong());

        ModelRegistry registry = registry();
        ModelVersion v3 = registry.champion().orElseThrow();
        assertEquals(3, v3.version(), "v2 is the crashed run's, registered but never promoted");
        assertEquals(1, v3.metadata().parentVersion());
        assertEquals("v0001", v3.metadata().trainedFrom(), "warm-started from the champion");
        assertEquals(goodFiles, v3.metadata().dataset().ingestedFiles());
        assertEquals(challenger, v3.metadata().metrics().get("macro_f1"));
        assertTrue(registry.championHistory().get(1).reason().startsWith("retrain: macro-f1 +"));
        assertEquals("v0001", record.path("training").path("trainedFrom").asText());

        String html = Files.readString(dir.resolve("run-good").resolve(RetrainJob.HTML_FILE));
        assertTrue(html.contains("<svg") && html.contains("id='chart-recall'"), "the grouped recall chart");
        assertTrue(html.contains("data-outcome=\"promoted\""));
        assertTrue(html.contains("href=\"balance/report.html\""));
        assertTrue(Files.exists(dir.resolve("run-good/balance/report.json")));
        assertTrue(Files.exists(dir.resolve("run-good/model/training-report.html")));
    }

    @Test
    @Order(5)
    void newDataWithWrongLabelsGivesAChallengerThatIsRejectedWithTheReason() throws Exception {
        append("flipped", 900, 29, true);
        Console r = retrain("run-flipped", "--set", "augflow.retrain.epochs=1");
        assertEquals(0, r.exitCode(), r.describe());
        JsonNode record = record("run-flipped");
        assertEquals("rejected", record.path("outcome").asText(), record.toPrettyString());
        JsonNode decision = record.path("decision");
        assertFalse(decision.path("promote").asBoolean());
        double champion = record.path("championMetrics").path("macroF1").asDouble();
        double challenger = record.path("challengerMetrics").path("macroF1").asDouble();
        boolean metricFailed = challenger - champion < 0.005;
        boolean recallFailed = false;
        for (JsonNode c : decision.path("perClass")) {
            recallFailed |= c.path("exceeds").asBoolean();
        }
        assertTrue(metricFailed || recallFailed);
        List<String> reasons = strings(record.path("reasons"));
        if (metricFailed) {
            assertTrue(reasons.get(0).contains("< min-improvement 0.0050"), reasons.toString());
        }
        if (recallFailed) {
            assertTrue(reasons.stream().anyMatch(s -> s.startsWith("recall of class '")), reasons.toString());
        }
        assertTrue(r.out().contains("rejected v4, champion v3 kept: "), r.out());

        ModelRegistry registry = registry();
        assertEquals(3, registry.champion().orElseThrow().version(), "the champion stays");
        ModelVersion v4 = registry.get(4);
        assertFalse(v4.champion());
        assertEquals(3, v4.metadata().parentVersion(), "registered anyway, with its lineage");
    }

    @Test
    @Order(3)
    void aCrashAfterRegisteringLeavesTheChampionUnchangedAndReleasesTheLock() throws Exception {
        goodFiles = append("good", 600, 17, false);
        CommonOptions options = new CommonOptions();
        options.confFile = conf;
        options.sets.put("augflow.retrain.epochs", "1");
        Config root = options.resolve(Map.of());
        ModelRegistry registry = registry();
        RetrainJob job = new RetrainJob(spark, RetrainJob.Settings.from(root), EpochListener.NONE, new RetrainJob.Steps() {
            @Override
            public void registered(ModelVersion version) {
                throw new IllegalStateException("injected crash after registering v" + version.version());
            }
        });
        String runDir = dir.resolve("run-crash").toString();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> job.run(dataset, registry, runDir));
        assertEquals("injected crash after registering v2", e.getMessage());

        assertEquals(1, registry.champion().orElseThrow().version());
        assertFalse(registry.get(2).champion());
        assertEquals(1, registry.championHistory().size(), "no pointer written");
        JsonNode record = record("run-crash");
        assertEquals("failed", record.path("outcome").asText());
        assertEquals("injected crash after registering v2", record.path("error").asText());
        try (RegistryLock lock = registry.lock("test: the crashed run released the lock")) {
            assertTrue(lock.path().endsWith("_lock"));
        }
    }

    @Test
    @Order(6)
    void aHeldLockExitsWith4AndTheLockMessageWithoutTouchingAnything() throws Exception {
        try (RegistryLock held = registry().lock("another retrain")) {
            Console r = retrain("run-locked");
            assertEquals(ExitCodes.LOCKED, r.exitCode(), r.describe());
            assertTrue(r.err().startsWith("augflow retrain: locked: model registry " + registryPath
                    + " is locked by 'another retrain'"), r.err());
            assertFalse(r.err().contains("\tat "), "a held lock is no bug: no stack trace: " + r.err());
        }
        assertFalse(Files.exists(dir.resolve("run-locked")));
        assertEquals(3, registry().champion().orElseThrow().version());
    }

    @Test
    @Order(7)
    void aBadRetrainKeyIsAConfigurationError() {
        Console r = retrain("run-bad", "--set", "augflow.retrain.metric=f1");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r.describe());
        assertTrue(r.err().contains("retrain.metric must be one of [macro-f1, accuracy, balanced-accuracy, ap, ap50, ap-small], got f1"),
                r.err());
    }

    /**
     * Appends {@code images} generated rows (ids prefixed by {@code batch}, all in split train) to the dataset,
     * labels swapped when {@code flip}, and records the batch's files in {@code _ingest_log/} as incremental ingest
     * does. Returns the files recorded.
     */
    private static List<String> append(String batch, int images, long seed, boolean flip) throws Exception {
        String generated = dir.resolve("generated-" + batch).toString();
        GenerateJob.run(spark, new SyntheticConf(images, 64, 64, 1, 2, 1, 0, 0, 0, 0, seed), GenerateLayout.DATASET,
                generated, 2, false);
        Dataset<Row> rows = spark.read().parquet(generated)
                .withColumn(DatasetSchema.ID, concat(lit(batch + "-"), col(DatasetSchema.ID)))
                .withColumn(DatasetSchema.SPLIT, lit("train"));
        if (flip) {
            rows = swapLabels(rows);
        }
        ordered(rows).write().mode("append").parquet(dataset);
        List<String> files = new ArrayList<>();
        for (Row id : spark.read().parquet(generated).select(DatasetSchema.ID).orderBy(DatasetSchema.ID).collectAsList()) {
            files.add("landing/" + batch + "/" + id.getString(0) + ".png");
        }
        Path log = Files.createDirectories(Path.of(dataset, "_ingest_log"));
        Files.writeString(log.resolve(batch + ".json"), JSON.writeValueAsString(Map.of("files", files)));
        List<String> all = new ArrayList<>(files);
        all.sort(null);
        return all;
    }

    /** Class 0 <-> 1, for the image label and every box. */
    private static Dataset<Row> swapLabels(Dataset<Row> rows) {
        return rows.withColumn(DatasetSchema.LABEL, lit(1).minus(col(DatasetSchema.LABEL)))
                .withColumn(DatasetSchema.OBJECTS, expr("transform(objects, o -> named_struct('class', 1 - o.class,"
                        + " 'x', o.x, 'y', o.y, 'w', o.w, 'h', o.h, 'crowd', o.crowd))"));
    }

    /** The columns in the format's order. */
    private static Dataset<Row> ordered(Dataset<Row> rows) {
        return rows.select(Arrays.stream(DatasetSchema.SCHEMA.fieldNames()).map(c -> col(c)).toArray(Column[]::new));
    }

    private static Console retrain(String runDir, String... extra) {
        List<String> args = new ArrayList<>(List.of("retrain", "--conf", conf.toString(), "--registry", registryPath,
                "-o", dir.resolve(runDir).toString()));
        args.addAll(List.of(extra));
        if (!args.contains("-d")) {
            args.addAll(List.of("-d", dataset));
        }
        return Console.capture(() -> AugflowCli.run(args.toArray(String[]::new)));
    }

    private static ModelRegistry registry() {
        return ModelRegistry.open(registryPath, spark.sparkContext().hadoopConfiguration());
    }

    private static JsonNode record(String runDir) throws Exception {
        return JSON.readTree(dir.resolve(runDir).resolve(RetrainJob.JSON_FILE).toFile());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
