package io.augflow.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augflow.augment.OpenCv;
import io.augflow.augment.synthetic.SyntheticConf;
import io.augflow.jobs.faults.Console;
import io.augflow.jobs.retrain.RetrainJob;
import io.augflow.jobs.trainreport.TrainingReport;
import io.augflow.pipeline.dataset.DatasetSchema;
import io.augflow.pipeline.generate.GenerateJob;
import io.augflow.pipeline.generate.GenerateLayout;
import io.augflow.train.registry.ModelRegistry;
import io.augflow.train.registry.ModelVersion;
import io.augflow.train.spark.TrainedModel;
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
 * {@code augflow retrain} of a detector ({@code model.task = detect}) end to end on local[2], tiny: the first
 * detector is registered and promoted with its COCO metrics, then more rows arrive and the warm-started challenger
 * (trained with the champion's anchors) is compared with the champion on COCO AP of the same holdout, and the
 * decision is checked against the rule recomputed here from the recorded per-class figures (one epoch of a tiny
 * detector gives low, machine-dependent APs, so the test checks the rule, not which model wins).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetrainDetectorTest {
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
        // 2 shapes, 64x64 colour, some small objects and extra objects; 30% of the rows in split test (the holdout)
        GenerateJob.run(spark, new SyntheticConf(64, 64, 64, 3, 2, 1, 0.3, 1, 0, 0.3, 21), GenerateLayout.DATASET,
                dataset, 2, false);
        registryPath = dir.resolve("registry").toString();
        conf = dir.resolve("retrain-detector.conf");
        Files.writeString(conf, """
                augflow {
                  seed = 5
                  work-dir = "%s"
                  spark.master = "local[2]"
                  train { epochs = 1, workers = 1, batch-size-per-worker = 8, averaging-frequency = 4,
                          prefetch-batches = 1, rows-per-shard = 32, evaluate-split = "", test-split = test }
                  model { task = detect, base-filters = 8, detect { anchors = 3 } }
                  optimizer { type = adam, learning-rate = 0.003 }
                  augment { pipeline = [] }
                  balance { strategy = none }
                  report { samples = 0 }
                  retrain { epochs = 1, min-new-rows = 20, min-new-share = 0.1 }
                }
                """.formatted(dir.resolve("work")));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    @Order(1)
    void theFirstDetectorIsRegisteredWithItsCocoMetricsAndHead() throws Exception {
        Console r = retrain("run-first");
        assertEquals(0, r.exitCode(), r.describe());
        JsonNode record = record("run-first");
        assertEquals("first-model", record.path("outcome").asText());
        assertTrue(record.path("challengerMetrics").isMissingNode(), "no classification metrics for a detector");
        JsonNode coco = record.path("challengerDetection");
        double ap = coco.path("AP").asDouble();
        assertTrue(ap >= 0 && ap <= 1, record.toPrettyString());
        assertTrue(r.out().contains(String.format(java.util.Locale.ROOT, "(ap %.4f on split 'test')", ap)), r.out());

        ModelVersion v1 = registry().champion().orElseThrow();
        assertEquals(1, v1.version());
        assertEquals(ap, v1.metadata().metrics().get("ap"));
        assertEquals(coco.path("AP50").asDouble(), v1.metadata().metrics().get("ap50"));
        assertEquals(coco.path("perClass").get(0).path("ap").asDouble(), v1.metadata().metrics().get("ap.circle"));
        TrainedModel model = TrainedModel.read(registry().modelPath(1), spark.sparkContext().hadoopConfiguration());
        assertTrue(model.isDetector());
        assertEquals(8, model.head().orElseThrow().stride());
        long testBoxes = spark.read().parquet(dataset).filter("split = 'test'")
                .selectExpr("size(" + DatasetSchema.OBJECTS + ") as n").groupBy().sum("n").first().getLong(0);
        long scored = 0;
        for (JsonNode c : coco.path("perClass")) {
            scored += c.path("groundTruths").asLong();
        }
        assertEquals(testBoxes, scored, "every box of the holdout split is scored (the generator makes no crowds)");
        String report = Files.readString(dir.resolve("run-first").resolve(RetrainJob.MODEL_DIR)
                .resolve(TrainingReport.FILE_NAME));
        assertTrue(report.contains("<figure class=\"tile\""), "a retrained detector's report shows test images");
    }

    @Test
    @Order(2)
    void moreDataGivesAWarmStartedChallengerJudgedOnAp() throws Exception {
        append("more", 40, 33);
        Console r = retrain("run-more");
        assertEquals(0, r.exitCode(), r.describe());
        JsonNode record = record("run-more");
        String outcome = record.path("outcome").asText();
        assertTrue(outcome.equals("promoted") || outcome.equals("rejected"), record.toPrettyString());
        assertEquals(40, record.path("delta").path("newRows").asLong());

        JsonNode decision = record.path("decision");
        JsonNode champion = record.path("championDetection");
        JsonNode challenger = record.path("challengerDetection");
        assertEquals("ap", decision.path("metric").asText(), "a detector's default metric");
        assertEquals("AP", decision.path("classFigure").asText());
        assertEquals(0.05, decision.path("maxClassDrop").asDouble(), "retrain.max-ap-drop's default");
        assertEquals(champion.path("AP").asDouble(), decision.path("championScore").asDouble());
        assertEquals(challenger.path("AP").asDouble(), decision.path("challengerScore").asDouble());

        // the rule, recomputed from the recorded figures
        boolean improved = challenger.path("AP").asDouble() - champion.path("AP").asDouble() >= 0.005 - 1e-9;
        boolean kept = true;
        long boxes = 0;
        for (int c = 0; c < 2; c++) {
            JsonNode a = champion.path("perClass").get(c);
            JsonNode b = challenger.path("perClass").get(c);
            assertEquals(a.path("groundTruths").asLong(), b.path("groundTruths").asLong(), "the same holdout");
            JsonNode figure = decision.path("perClass").get(c);
            assertEquals(a.path("ap").asDouble(), figure.path("champion").asDouble());
            assertEquals(b.path("ap").asDouble(), figure.path("challenger").asDouble());
            boxes += a.path("groundTruths").asLong();
            if (a.path("groundTruths").asLong() > 0 && a.path("ap").asDouble() - b.path("ap").asDouble() > 0.05 + 1e-9) {
                kept = false;
            }
        }
        boolean defined = boxes > 0 && champion.path("AP").asDouble() >= 0 && challenger.path("AP").asDouble() >= 0;
        boolean promote = defined && improved && kept;
        assertEquals(promote, decision.path("promote").asBoolean(), decision.toPrettyString());
        assertEquals(promote ? "promoted" : "rejected", outcome);

        ModelRegistry registry = registry();
        assertEquals(promote ? 2 : 1, registry.champion().orElseThrow().version());
        ModelVersion v2 = registry.get(2);
        assertEquals("v0001", v2.metadata().trainedFrom(), "warm-started from the champion");
        assertEquals(challenger.path("AP").asDouble(), v2.metadata().metrics().get("ap"));
        var hadoop = spark.sparkContext().hadoopConfiguration();
        assertArrayEquals(TrainedModel.read(registry.modelPath(1), hadoop).head().orElseThrow().anchors().pixels(),
                TrainedModel.read(registry.modelPath(2), hadoop).head().orElseThrow().anchors().pixels(),
                "the challenger keeps the champion's anchors");

        String html = Files.readString(dir.resolve("run-more").resolve(RetrainJob.HTML_FILE));
        assertTrue(html.contains("<svg") && html.contains("id='chart-ap'"), "the grouped per-class AP chart");
        assertTrue(html.contains("AP check (no class down more than 0.0500)"), "the per-class AP check");
        assertTrue(html.contains("data-model=\"challenger\" data-ap=\""), "per-class AP cells");
    }

    @Test
    @Order(3)
    void aClassifiersMetricIsRefusedForADetectorBeforeAnythingIsTrained() {
        append("refused", 40, 45);
        Console r = retrain("run-refused", "--set", "augflow.retrain.metric=macro-f1");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r.describe());
        assertTrue(r.err().contains("augflow.retrain.metric = macro-f1 scores classifiers, but the model is a"
                + " detector: use one of [ap, ap50, ap-small] or leave it unset"), r.err());
        assertFalse(Files.exists(dir.resolve("run-refused").resolve(RetrainJob.MODEL_DIR)), "nothing trained");
    }

    /** Appends {@code images} generated rows (ids prefixed by {@code batch}, all in split train) to the dataset. */
    private static void append(String batch, int images, long seed) {
        String generated = dir.resolve("generated-" + batch).toString();
        GenerateJob.run(spark, new SyntheticConf(images, 64, 64, 3, 2, 1, 0.3, 1, 0, 0, seed), GenerateLayout.DATASET,
                generated, 2, false);
        Dataset<Row> rows = spark.read().parquet(generated)
                .withColumn(DatasetSchema.ID, concat(lit(batch + "-"), col(DatasetSchema.ID)))
                .withColumn(DatasetSchema.SPLIT, lit("train"));
        rows.select(Arrays.stream(DatasetSchema.SCHEMA.fieldNames()).map(c -> col(c)).toArray(Column[]::new))
                .write().mode("append").parquet(dataset);
    }

    private static Console retrain(String runDir, String... extra) {
        List<String> args = new ArrayList<>(List.of("retrain", "--conf", conf.toString(), "--registry", registryPath,
                "-o", dir.resolve(runDir).toString(), "-d", dataset));
        args.addAll(List.of(extra));
        return Console.capture(() -> AugflowCli.run(args.toArray(String[]::new)));
    }

    private static ModelRegistry registry() {
        return ModelRegistry.open(registryPath, spark.sparkContext().hadoopConfiguration());
    }

    private static JsonNode record(String runDir) throws Exception {
        return JSON.readTree(dir.resolve(runDir).resolve(RetrainJob.JSON_FILE).toFile());
    }
}
