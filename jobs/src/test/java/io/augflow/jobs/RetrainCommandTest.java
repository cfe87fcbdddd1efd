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
import io.augflow.jobs.retrain.RetrainJob;
import io.augflow.pipeline.dataset.DatasetSchema;
import io.augflow.pipeline.generate.GenerateJob;
import io.augflow.pipeline.generate.GenerateLayout;
import io.augflow.train.registry.ModelRegistry;
import io.augflow.train.registry.ModelVersion;
import io.augflow.train.registry.RegistryLock;
import io.augflow.train.registry.VersionMetadata;
import io.augflow.train.spark.EpochListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
 * history: the first model (deliberately weak: one epoch on ~60 rows at a tiny learning rate) -> no new data ->
 * good new data (promoted) -> new data with wrong labels (rejected) -> a crash after registering (champion kept) ->
 * a held lock (exit 3). The tests run in that order and share the registry.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetrainCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static SparkSession spark;
    static Path conf;
    static String dataset;
    static String registryPath;

    @BeforeAll
    static void generate() throws Exception {
        OpenCv.load();
        spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4").getOrCreate();
        dataset = dir.resolve("dataset").toString();
        // 2 balanced shapes, 64x64 grey; about half of the rows in split test (the holdout), the rest train
        GenerateJob.run(spark, new SyntheticConf(120, 64, 64, 1, 2, 1, 0, 0, 0, 0.5, 3), GenerateLayout.DATASET,
                dataset, 2, false);
        registryPath = dir.resolve("registry").toString();
        conf = dir.resolve("retrain-test.conf");
        Files.writeString(conf, """
                augflow {
                  seed = 5
                  work-dir = "%s"
                  spark.master = "local[2]"
                  train { epochs = 1, workers = 1, batch-size-per-worker = 16, averaging-frequency = 4,
                          prefetch-batches = 1, rows-per-shard = 64, evaluate-split = "", test-split = "",
                          input = [ {type = resize, p = 1, width = 28, height = 28} ] }
                  model { architecture = lenet5, batch-norm = false, l2 = 0 }
                  optimizer { type = adam, learning-rate = 0.005 }
                  augment { pipeline = [] }
                  balance { strategy = none }
                  report { samples = 2 }
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
        Result r = retrain("run-first", "--set", "augflow.optimizer.learning-rate=0.00001");
        assertEquals(0, r.code, r.text());
        JsonNode record = record("run-first");
        assertEquals("first-model", record.path("outcome").asText());
        ModelRegistry registry = registry();
        ModelVersion v1 = registry.champion().orElseThrow();
        assertEquals(1, v1.version());
        VersionMetadata m = v1.metadata();
        assertNull(m.parentVersion());
        assertEquals(VersionMetadata.SCRATCH, m.trainedFrom());
        assertEquals(spark.read().parquet(dataset).count(), m.dataset().rows());
        assertEquals(spark.read().parquet(dataset).filter("split = 'train'").count(),
                m.dataset().rowsByClass().values().stream().mapToLong(Long::longValue).sum(),
                "rows by class: the statistics' counted split (train)");
        assertEquals(record.path("challengerMetrics").path("macroF1").asDouble(), m.metrics().get("macro_f1"));
        assertEquals("first model", registry.championHistory().get(0).reason());
        assertTrue(Files.exists(dir.resolve("run-first/balance/report.html")));
        assertTrue(r.out.contains("first model: v1 registered and promoted"), r.out);
    }

    @Test
    @Order(2)
    void withoutNewDataNothingIsTrainedAndTheChampionStays() throws Exception {
        Result r = retrain("run-none");
        assertEquals(0, r.code, r.text());
        assertTrue(r.out.contains("nothing to do: 0 new rows since champion v1 (need >= 50 new rows or >= 50.0%"),
                r.out);
        JsonNode record = record("run-none");
        assertEquals("nothing-to-do", record.path("outcome").asText());
        assertEquals(0, record.path("delta").path("newRows").asLong());
        assertFalse(Files.exists(dir.resolve("run-none").resolve(RetrainJob.MODEL_DIR)), "nothing trained");
        assertEquals(1, registry().list().size());
        assertEquals(1, registry().champion().orElseThrow().version());
    }

    @Test
    @Order(3)
    void goodNewDataGivesABetterChallengerThatIsPromoted() throws Exception {
        List<String> files = append("good", 300, 17, false);
        Result r = retrain("run-good");
        assertEquals(0, r.code, r.text());
        JsonNode record = record("run-good");
        assertEquals("promoted", record.path("outcome").asText(), record.toPrettyString());

        JsonNode delta = record.path("delta");
        assertEquals(300, delta.path("newRows").asLong());
        assertEquals(300, delta.path("newRowsByClass").path("circle").asLong()
                + delta.path("newRowsByClass").path("square").asLong());
        assertEquals(files, strings(delta.path("newFiles")));

        JsonNode decision = record.path("decision");
        assertTrue(decision.path("promote").asBoolean());
        double champion = record.path("championMetrics").path("macroF1").asDouble();
        double challenger = record.path("challengerMetrics").path("macroF1").asDouble();
        assertEquals(champion, decision.path("championScore").asDouble());
        assertEquals(challenger, decision.path("challengerScore").asDouble());
        assertTrue(challenger - champion >= 0.005, "the rule's margin: " + champion + " -> " + challenger);
        for (JsonNode c : decision.path("recalls")) {
            assertTrue(c.path("drop").asDouble() <= 0.05 + 1e-9, "recall drop within the limit: " + c);
        }
        assertEquals(record.path("championMetrics").path("examples").asLong(),
                record.path("challengerMetrics").path("examples").asLong(), "the same holdout");
        assertEquals(spark.read().parquet(dataset).filter("split = 'test'").count(),
                record.path("challengerMetrics").path("examples").asLong());

        ModelRegistry registry = registry();
        ModelVersion v2 = registry.champion().orElseThrow();
        assertEquals(2, v2.version());
        assertEquals(1, v2.metadata().parentVersion());
        assertEquals("v0001", v2.metadata().trainedFrom(), "warm-started from the champion");
        assertEquals(files, v2.metadata().dataset().ingestedFiles());
        assertEquals(challenger, v2.metadata().metrics().get("macro_f1"));
        assertEquals("v0001", record.path("training").path("trainedFrom").asText());

        String html = Files.readString(dir.resolve("run-good").resolve(RetrainJob.HTML_FILE));
        assertTrue(html.contains("<svg") && html.contains("id=\"chart-recall\""), "the grouped recall chart");
        assertTrue(html.contains("data-outcome=\"promoted\""));
        assertTrue(html.contains("href=\"balance/report.html\""));
        assertTrue(Files.exists(dir.resolve("run-good/balance/report.json")));
        assertTrue(Files.exists(dir.resolve("run-good/model/training-report.html")));
    }

    @Test
    @Order(4)
    void newDataWithWrongLabelsGivesAChallengerThatIsRejectedWithTheReason() throws Exception {
        append("flipped", 900, 29, true);
        Result r = retrain("run-flipped", "--set", "augflow.retrain.epochs=1");
        assertEquals(0, r.code, r.text());
        JsonNode record = record("run-flipped");
        assertEquals("rejected", record.path("outcome").asText(), record.toPrettyString());
        JsonNode decision = record.path("decision");
        assertFalse(decision.path("promote").asBoolean());
        double champion = record.path("championMetrics").path("macroF1").asDouble();
        double challenger = record.path("challengerMetrics").path("macroF1").asDouble();
        boolean metricFailed = challenger - champion < 0.005;
        boolean recallFailed = false;
        for (JsonNode c : decision.path("recalls")) {
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
        assertTrue(r.out.contains("rejected v3, champion v2 kept: "), r.out);

        ModelRegistry registry = registry();
        assertEquals(2, registry.champion().orElseThrow().version(), "the champion stays");
        ModelVersion v3 = registry.get(3);
        assertFalse(v3.champion());
        assertEquals(2, v3.metadata().parentVersion(), "registered anyway, with its lineage");
    }

    @Test
    @Order(5)
    void aCrashAfterRegisteringLeavesTheChampionUnchangedAndReleasesTheLock() throws Exception {
        CommonOptions options = new CommonOptions();
        options.confFile = conf;
        options.sets.put("augflow.retrain.epochs", "1");
        Config root = options.resolve(Map.of());
        ModelRegistry registry = registry();
        RetrainJob job = new RetrainJob(spark, root, EpochListener.NONE, new RetrainJob.Steps() {
            @Override
            public void registered(ModelVersion version) {
                throw new IllegalStateException("injected crash after registering v" + version.version());
            }
        });
        String runDir = dir.resolve("run-crash").toString();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> job.run(dataset, registry, runDir));
        assertEquals("injected crash after registering v4", e.getMessage());

        assertEquals(2, registry.champion().orElseThrow().version());
        assertFalse(registry.get(4).champion());
        JsonNode record = record("run-crash");
        assertEquals("failed", record.path("outcome").asText());
        assertEquals("injected crash after registering v4", record.path("error").asText());
        try (RegistryLock lock = registry.lock("test: the crashed run released the lock")) {
            assertTrue(lock.path().endsWith("_lock"));
        }
    }

    @Test
    @Order(6)
    void aHeldLockExitsWith3AndTheLockMessageWithoutTouchingAnything() throws Exception {
        try (RegistryLock held = registry().lock("another retrain")) {
            Result r = retrain("run-locked");
            assertEquals(3, r.code, r.text());
            assertTrue(r.err.contains("augflow retrain: registry locked: "), r.err);
            assertTrue(r.err.contains("another retrain"), r.err);
        }
        assertFalse(Files.exists(dir.resolve("run-locked")));
        assertEquals(2, registry().champion().orElseThrow().version());
    }

    @Test
    @Order(7)
    void aBadRetrainKeyIsAConfigurationError() {
        Result r = retrain("run-bad", "--set", "augflow.retrain.metric=f1");
        assertEquals(2, r.code, r.text());
        assertTrue(r.err.contains("retrain.metric must be one of [macro-f1, accuracy, balanced-accuracy], got f1"),
                r.err);
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
            rows = rows.withColumn(DatasetSchema.LABEL, lit(1).minus(col(DatasetSchema.LABEL)))
                    .withColumn(DatasetSchema.OBJECTS, expr("transform(objects, o -> named_struct('class', 1 - o.class,"
                            + " 'x', o.x, 'y', o.y, 'w', o.w, 'h', o.h))"));
        }
        Column[] columns = Arrays.stream(DatasetSchema.SCHEMA.fieldNames()).map(c -> col(c)).toArray(Column[]::new);
        rows.select(columns).write().mode("append").parquet(dataset);
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

    private static Result retrain(String runDir, String... extra) {
        List<String> args = new ArrayList<>(List.of("retrain", "--conf", conf.toString(), "-d", dataset, "--registry",
                registryPath, "-o", dir.resolve(runDir).toString()));
        args.addAll(List.of(extra));
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = AugflowCli.run(args.toArray(String[]::new));
            return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
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

    private record Result(int code, String out, String err) {
        String text() {
            return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }
}
