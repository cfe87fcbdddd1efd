package io.augflow.train.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.augflow.augment.OpenCv;
import io.augflow.augment.synthetic.SyntheticConf;
import io.augflow.pipeline.generate.GenerateJob;
import io.augflow.pipeline.generate.GenerateLayout;
import io.augflow.train.detect.eval.CocoEvaluator;
import io.augflow.train.detect.eval.CocoGroundTruthFile;
import io.augflow.train.detect.eval.CocoJsonReader;
import io.augflow.train.detect.eval.CocoMetrics;
import io.augflow.train.testing.MessyDataset;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training a detector end to end on Spark: the same stream and rounds as a classifier, COCO figures out. */
class DetectionTrainingTest {
    private static final String CONF = """
            seed = 3
            train { epochs = 2, workers = 2, batch-size-per-worker = 8, averaging-frequency = 2, rows-per-shard = 32,
                    evaluate-split = val, test-split = test }
            model { task = detect, base-filters = 8, detect { anchors = 3 } }
            optimizer { type = adam, learning-rate = 0.003 }
            augment { pipeline = [ {type = horizontal-flip, p = 0.5} ] }
            """;

    @TempDir
    static Path dir;
    static SparkSession spark;
    static String dataset;

    @BeforeAll
    static void start() {
        OpenCv.load();
        spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4").getOrCreate();
        dataset = dir.resolve("shapes").toString();
        GenerateJob.run(spark, new SyntheticConf(160, 64, 64, 3, 2, 1, 0.5, 1, 0.15, 0.15, 11),
                GenerateLayout.DATASET, dataset, 2, false);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void aDetectorTrainsAndItsTestFiguresCanBeRecomputedFromTheCocoFiles() {
        Path out = dir.resolve("detector");
        TrainResult result = new SparkTrainer(spark, TrainingConf.parse(CONF)).train(dataset, out.toString(), false,
                io.augflow.train.spark.EpochListener.NONE);

        assertEquals("detect", result.task());
        assertEquals("yolo-small", result.architecture(), "a detection run trains the detector architecture");
        assertEquals(8, result.detector().stride());
        assertTrue(result.detector().anchors().length >= 1 && result.detector().anchors().length <= 3,
                "at most model.detect.anchors anchors");
        assertEquals(2, result.history().size());
        for (EpochRecord e : result.history()) {
            assertNull(e.validation(), "no classification metrics for a detector");
            assertNotNull(e.detection(), "COCO metrics on the validation split every epoch");
            assertTrue(Double.isFinite(e.loss()), "finite loss in epoch " + e.epoch());
        }
        // model.zip is the epoch of the higher validation AP (auto for a detector), the earlier on a tie
        double ap0 = result.history().get(0).detection().ap();
        double ap1 = result.history().get(1).detection().ap();
        assertEquals("ap", result.kept().metric());
        assertEquals(ap1 > ap0 ? 1 : 0, result.kept().bestEpoch(), "validation AP " + ap0 + ", " + ap1);
        assertEquals(Math.max(ap0, ap1), result.kept().value());
        CocoMetrics test = result.testDetection();
        assertNotNull(test);
        assertNull(result.test());
        assertTrue(test.ap() >= 0 && test.ap() <= 1 && test.ap50() >= test.ap(), test.toString());

        // the exported COCO pair scores the same through the reader: what any COCO evaluator would be given
        CocoGroundTruthFile gt = CocoJsonReader.readGroundTruth(out.resolve("coco/test-ground-truth.json"));
        CocoMetrics again = CocoEvaluator.evaluate(gt.groundTruth(),
                CocoJsonReader.readDetections(out.resolve("coco/test-detections.json"), gt));
        assertEquals(test.ap(), again.ap(), 1e-6);
        assertEquals(test.ap50(), again.ap50(), 1e-6);
        long testRows = spark.read().parquet(dataset).filter("split = 'test'").count();
        assertEquals(testRows, gt.groundTruth().images().size(), "every test image is scored, background or not");
    }

    @Test
    void autoDetectsOnBoxesWithoutLabelsAndTrainsOnBackgroundImagesToo() {
        MessyDataset data = new MessyDataset(7);
        for (int i = 0; i < 24; i++) {
            data.boxed("box-" + i, i % 2, 48, 48, i < 20 ? "train" : "test");
        }
        data.background("bg-0", 48, 48, "train").background("bg-1", 48, 48, "test");
        String yoloLike = data.write(spark, dir.resolve("yolo-like").toString(), 2, List.of("disc", "square"));
        TrainResult result = new SparkTrainer(spark, TrainingConf.from(ConfigFactory.parseString(
                "model.task = auto, train { epochs = 1, evaluate-split = \"\" }")
                .withFallback(ConfigFactory.parseString(CONF)).resolve()))
                .train(yoloLike, dir.resolve("auto").toString(), false, io.augflow.train.spark.EpochListener.NONE);

        assertEquals("detect", result.task());
        assertEquals(21, result.history().get(0).samples(), "20 boxed train rows and the background one");
        assertEquals(4, result.testDetection().perClass().stream().mapToInt(c -> c.groundTruths()).sum(),
                "4 boxed test rows of one box each, and a background row");
    }

    /**
     * {@code loss.class-balanced} on a detector: the YOLO layer's class cross-entropy is weighted by the effective
     * number of the train split's boxes per class (counted here by Spark SQL from the rows, crowd regions left out),
     * {@code model.json} records the counts and weights, and {@code model.zip} carries the weighted loss.
     */
    @Test
    void classBalancedWeightsTheDetectorsClassLossByTheTrainBoxCounts() throws Exception {
        Path out = dir.resolve("balanced");
        TrainResult result = new SparkTrainer(spark, TrainingConf.from(ConfigFactory.parseString(
                "loss.class-balanced { enabled = true, beta = 0.99 }, train { epochs = 1, evaluate-split = \"\" }")
                .withFallback(ConfigFactory.parseString(CONF)).resolve()))
                .train(dataset, out.toString(), false, io.augflow.train.spark.EpochListener.NONE);

        List<org.apache.spark.sql.Row> perClass = spark.read().parquet(dataset).filter("split = 'train'")
                .selectExpr("explode(objects) as o").filter("not o.crowd")
                .groupBy("o.class").count().orderBy("class").collectAsList();
        assertEquals(2, perClass.size(), "boxes of both classes in the generated train split");
        long n0 = perClass.get(0).getLong(1);
        long n1 = perClass.get(1).getLong(1);
        // E(n) = (1 - 0.99^n) / 0.01; w_c = (1 / E_c) * 2 / (1 / E_0 + 1 / E_1)
        double e0 = (1 - Math.pow(0.99, n0)) / 0.01;
        double e1 = (1 - Math.pow(0.99, n1)) / 0.01;
        double[] expected = {2 / e0 / (1 / e0 + 1 / e1), 2 / e1 / (1 / e0 + 1 / e1)};

        assertEquals("cross-entropy", result.detector().classLoss());
        assertArrayEquals(expected, result.detector().classWeights().stream().mapToDouble(Double::doubleValue)
                .toArray(), 1e-9);
        assertEquals(List.of(n0, n1), result.loss().parameters().get("classCounts"));
        assertTrue(result.loss().classBalanced());
        assertEquals("cross-entropy + class-balanced weights (beta 0.99), box counts of the train split",
                result.loss().keptEpochLoss());
        assertTrue(Double.isFinite(result.history().get(0).loss()));
        com.fasterxml.jackson.databind.JsonNode written = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(out.resolve("model.json").toFile()).get("detector").get("classWeights");
        assertEquals(expected[1], written.get(1).asDouble(), 1e-9, "model.json: " + written);

        org.deeplearning4j.nn.multilayer.MultiLayerNetwork saved = org.deeplearning4j.util.ModelSerializer
                .restoreMultiLayerNetwork(out.resolve("model.zip").toFile(), false);
        org.nd4j.linalg.lossfunctions.ILossFunction loss = ((org.deeplearning4j.nn.conf.layers.objdetect
                .Yolo2OutputLayer) saved.getLayerWiseConfigurations().getConf(saved.getnLayers() - 1).getLayer())
                .getLossClassPredictions();
        assertArrayEquals(expected, ((org.nd4j.linalg.lossfunctions.impl.LossMCXENT) loss).getWeights()
                .toDoubleVector(), 1e-6, "the saved model's class loss");
    }

    @Test
    void theClassifiersLossesAreRefusedForADetectorNamingTheKey() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new SparkTrainer(spark, TrainingConf.from(ConfigFactory.parseString(
                        "loss.type = focal, train { epochs = 1, evaluate-split = \"\" }")
                        .withFallback(ConfigFactory.parseString(CONF)).resolve()))
                        .train(dataset, dir.resolve("focal").toString(), false,
                                io.augflow.train.spark.EpochListener.NONE));
        assertTrue(e.getMessage().startsWith("augflow.loss.type must be cross-entropy for a detector"),
                e.getMessage());
    }

    /** Executors add per minibatch; the driver reads the sums: 3 + 5 + 2 kept, 1 + 0 + 2 dropped. */
    @Test
    void targetCountersSumTheExecutorsBatchesAndTheLogLineGivesTheDroppedShare() {
        TargetCounters counters = TargetCounters.register(spark.sparkContext(), "test");
        assertTrue(counters.describe(0, 8).isEmpty(), "nothing encoded, nothing to say");
        new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext())
                .parallelize(List.of(new long[] {3, 1}, new long[] {5, 0}, new long[] {2, 2}), 3)
                .foreach(batch -> counters.add(batch[0], batch[1]));
        assertEquals(10, counters.objects());
        assertEquals(3, counters.dropped());
        assertEquals("epoch 2: 3 of 13 boxes (23.08%) shared a grid cell with a smaller box and were not training"
                + " targets (model.detect.stride = 16)", counters.describe(1, 16).orElseThrow());
    }
}
