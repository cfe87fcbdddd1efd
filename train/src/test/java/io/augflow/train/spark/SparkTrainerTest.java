package io.augflow.train.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.augflow.augment.OpenCv;
import io.augflow.augment.synthetic.SyntheticConf;
import io.augflow.pipeline.generate.GenerateJob;
import io.augflow.pipeline.generate.GenerateLayout;
import io.augflow.train.checkpoint.CheckpointStore;
import java.io.FileInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small nets on tiny generated data on local[2]: the whole training loop, for real. */
class SparkTrainerTest {
    /** Two shapes, balanced, 64x64 grey, resized to 28x28 by the pipeline. */
    private static final String CONF = """
            seed = 11
            train { epochs = 3, workers = 2, batch-size-per-worker = 16, averaging-frequency = 2,
                    prefetch-batches = 1, rows-per-shard = 24, evaluate-split = val, test-split = test }
            model { architecture = lenet5, batch-norm = false, l2 = 0, input-size = "28x28" }
            optimizer { type = adam, learning-rate = 0.005 }
            augment { pipeline = [ {type = horizontal-flip, p = 0.5}, {type = brightness-contrast, p = 0.5} ] }
            balance { strategy = none }
            """;

    @TempDir
    static Path dir;
    static SparkSession spark;
    static String dataset;

    @BeforeAll
    static void generate() {
        OpenCv.load();
        spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4").getOrCreate();
        dataset = dir.resolve("data").toString();
        GenerateJob.run(spark, new SyntheticConf(240, 64, 64, 1, 2, 1, 0, 0, 0.15, 0.15, 5), GenerateLayout.DATASET,
                dataset, 2, false);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void trainsStreamingEachPlannedRowOncePerEpochAndTheLossFalls() throws Exception {
        String out = dir.resolve("run").toString();
        List<EpochRecord> heard = new ArrayList<>();
        TrainResult result = new SparkTrainer(spark, TrainingConf.parse(CONF))
                .train(dataset, out, false, new EpochListener() {
                    @Override
                    public void epochFinished(EpochRecord record) {
                        heard.add(record);
                    }
                });

        long trainRows = spark.read().parquet(dataset).filter("split = 'train'").count();
        assertEquals(3, result.history().size());
        assertEquals(result.history(), heard);
        for (EpochRecord r : result.history()) {
            assertEquals(trainRows, r.samples(), "plan 'none' streams every training row once");
            assertEquals(trainRows, r.rowsDecoded(), "each planned row decoded once: nothing cached or re-read");
            assertTrue(Double.isFinite(r.loss()));
            assertNotNull(r.validation());
        }
        assertTrue(result.history().get(2).loss() < result.history().get(0).loss(),
                "loss must decrease: " + result.history().stream().map(EpochRecord::loss).toList());
        // Learning to high accuracy takes more steps than a unit test affords: the Fashion-MNIST bench
        // (bench/train-fashion-mnist.sh) checks accuracy; here the test split is evaluated end to end.
        assertEquals(spark.read().parquet(dataset).filter("split = 'test'").count(), result.test().examples());
        assertEquals(List.of("circle", "square"), result.classes());
        try (var in = new FileInputStream(Path.of(out, SparkTrainer.MODEL_FILE).toFile())) {
            MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(in, true);
            assertEquals(2, net.getOutputLayer().getParam("b").length());
        }
    }

    @Test
    void aLogitAdjustedLossIsBuiltFromTheTrainSplitsCountsAndSavedWithTheModel() throws Exception {
        Config conf = ConfigFactory.parseString("train.epochs = 1, train.evaluate-split = \"\","
                + " train.test-split = \"\", loss.type = logit-adjusted")
                .withFallback(ConfigFactory.parseString(CONF)).resolve();
        String out = dir.resolve("logit-adjusted").toString();
        TrainResult result = new SparkTrainer(spark, TrainingConf.from(conf)).train(dataset, out, false,
                EpochListener.NONE);
        assertTrue(Double.isFinite(result.history().get(0).loss()));

        // the counts by another path: the train split's labels counted by Spark SQL
        long[] expected = new long[2];
        for (var r : spark.read().parquet(dataset).filter("split = 'train'").groupBy("label").count().collectAsList()) {
            expected[r.getInt(0)] = r.getLong(1);
        }
        MultiLayerNetwork saved = ModelSerializer.restoreMultiLayerNetwork(Path.of(out, "model.zip").toFile());
        var outputLayer = (org.deeplearning4j.nn.conf.layers.BaseOutputLayer) saved.getLayerWiseConfigurations()
                .getConf(saved.getnLayers() - 1).getLayer();
        var loss = assertInstanceOf(io.augflow.train.loss.LogitAdjustedLoss.class, outputLayer.getLossFn());
        assertArrayEquals(expected, loss.getClassCounts());
    }

    /**
     * Deferred re-sampling and deferred re-weighting at epoch 1 (0-based): epoch 0 streams every train row once with
     * an unweighted LDAM built on the split's counts; epoch 1 oversamples to 200 circles and 150 squares, and its
     * LDAM uses those counts and their effective-number weights. Resuming after the switch keeps the weighted loss.
     */
    @Test
    void deferredResamplingAndReweightingSwitchAtTheirEpoch() throws Exception {
        Config conf = ConfigFactory.parseString("""
                train { epochs = 2, evaluate-split = "", test-split = "" }
                loss { type = ldam, drw-epoch = 1 }
                balance { strategy = oversample, target { "0" = 200, "1" = 150 }, start-epoch = 1 }
                """).withFallback(ConfigFactory.parseString(CONF)).resolve();
        String out = dir.resolve("deferred").toString();
        TrainResult result = new SparkTrainer(spark, TrainingConf.from(conf)).train(dataset, out, false,
                EpochListener.NONE);

        long[] split = new long[2];
        for (var r : spark.read().parquet(dataset).filter("split = 'train'").groupBy("label").count().collectAsList()) {
            split[r.getInt(0)] = r.getLong(1);
        }
        assertTrue(split[0] <= 150 && split[1] <= 150 && split[0] * 10 >= 200 && split[1] * 10 >= 150,
                "the targets are reachable from these counts: " + java.util.Arrays.toString(split));
        assertEquals(split[0] + split[1], result.history().get(0).samples(), "epoch 0 samples plainly");
        assertEquals(350, result.history().get(1).samples(), "epoch 1 oversamples to 200 + 150");
        assertEquals("ldam, counts of the train split", result.history().get(0).lossFunction());
        assertEquals("ldam + class-balanced weights (beta 0.9999, deferred from epoch 1), counts of the balancing"
                + " plan oversample", result.history().get(1).lossFunction());

        // the loss in use in each epoch, as saved: epoch 0's checkpoint and the final model (epoch 1)
        var first = assertInstanceOf(io.augflow.train.loss.LdamLoss.class, savedLoss(
                new CheckpointStore(Path.of(out, SparkTrainer.CHECKPOINTS).toString(),
                        spark.sparkContext().hadoopConfiguration()).ofEpoch(0).orElseThrow().modelPath()));
        assertArrayEquals(split, first.getClassCounts());
        assertEquals(0, first.getClassWeights().length, "no weights before drw-epoch");
        // w_c = (1 - b) / (1 - b^n_c), scaled to sum to 2
        double b = 0.9999;
        double w0 = (1 - b) / (1 - Math.pow(b, 200));
        double w1 = (1 - b) / (1 - Math.pow(b, 150));
        double[] weights = {2 * w0 / (w0 + w1), 2 * w1 / (w0 + w1)};
        var last = assertInstanceOf(io.augflow.train.loss.LdamLoss.class,
                savedLoss(Path.of(out, SparkTrainer.MODEL_FILE).toString()));
        assertArrayEquals(new long[] {200, 150}, last.getClassCounts());
        assertArrayEquals(weights, last.getClassWeights(), 1e-9);

        assertEquals(List.of(200L, 150L), result.prior().counts());
        assertEquals(1, result.loss().drwEpoch());
        assertEquals("ldam", result.loss().type());
        assertEquals(new TrainResult.BalanceRecord("oversample", 1), result.balance());

        Config three = ConfigFactory.parseString("train.epochs = 3").withFallback(conf).resolve();
        TrainResult resumed = new SparkTrainer(spark, TrainingConf.from(three)).train(dataset, out, true,
                EpochListener.NONE);
        assertEquals(2, resumed.resumedFromEpoch());
        assertEquals(result.history().get(1).lossFunction(), resumed.history().get(2).lossFunction());
        var afterResume = assertInstanceOf(io.augflow.train.loss.LdamLoss.class,
                savedLoss(Path.of(out, SparkTrainer.MODEL_FILE).toString()));
        assertArrayEquals(weights, afterResume.getClassWeights(), 1e-9);
    }

    private static org.nd4j.linalg.lossfunctions.ILossFunction savedLoss(String modelZip) throws Exception {
        MultiLayerNetwork saved = ModelSerializer.restoreMultiLayerNetwork(new java.io.File(modelZip));
        return ((org.deeplearning4j.nn.conf.layers.BaseOutputLayer) saved.getLayerWiseConfigurations()
                .getConf(saved.getnLayers() - 1).getLayer()).getLossFn();
    }

    @Test
    void theSameRowsWrittenAgainElsewhereTrainTheSameModel() {
        // A second write of the same rows: another folder and other file names (a new UUID per write).
        String again = dir.resolve("written-again").toString();
        GenerateJob.run(spark, new SyntheticConf(240, 64, 64, 1, 2, 1, 0, 0, 0.15, 0.15, 5), GenerateLayout.DATASET,
                again, 2, false);
        Config twoEpochs = ConfigFactory.parseString("train.epochs = 2, train.evaluate-split = \"\"")
                .withFallback(ConfigFactory.parseString(CONF)).resolve();
        TrainResult first = new SparkTrainer(spark, TrainingConf.from(twoEpochs)).train(dataset, dir.resolve("same-1").toString(), false,
                EpochListener.NONE);
        TrainResult second = new SparkTrainer(spark, TrainingConf.from(twoEpochs)).train(again, dir.resolve("same-2").toString(), false,
                EpochListener.NONE);

        assertEquals(first.history().stream().map(EpochRecord::loss).toList(),
                second.history().stream().map(EpochRecord::loss).toList(), "the loss of every epoch");
        assertArrayEquals(first.test().confusion(), second.test().confusion(), "the test predictions");
    }

    @Test
    void resumeContinuesFromTheLastCheckpointToThePlannedEpochCount() {
        String out = dir.resolve("resume").toString();
        Config twoEpochs = ConfigFactory.parseString("train.epochs = 2, train.test-split = \"\"")
                .withFallback(ConfigFactory.parseString(CONF)).resolve();
        TrainResult first = new SparkTrainer(spark, TrainingConf.from(twoEpochs)).train(dataset, out, false, EpochListener.NONE);
        assertEquals(2, first.history().size());

        Config threeEpochs = ConfigFactory.parseString("train.test-split = \"\"")
                .withFallback(ConfigFactory.parseString(CONF)).resolve();
        TrainResult resumed = new SparkTrainer(spark, TrainingConf.from(threeEpochs)).train(dataset, out, true, EpochListener.NONE);
        assertEquals(2, resumed.resumedFromEpoch(), "epochs 0 and 1 were done");
        assertEquals(List.of(0, 1, 2), resumed.history().stream().map(EpochRecord::epoch).toList());

        // A fresh one-epoch run into the same folder replaces those checkpoints: resuming later continues it.
        Config oneEpoch = ConfigFactory.parseString("train.epochs = 1, train.test-split = \"\"")
                .withFallback(ConfigFactory.parseString(CONF)).resolve();
        new SparkTrainer(spark, TrainingConf.from(oneEpoch)).train(dataset, out, false, EpochListener.NONE);
        assertEquals(Optional.of(0), new CheckpointStore(
                Path.of(out, SparkTrainer.CHECKPOINTS).toString(), spark.sparkContext().hadoopConfiguration())
                .latestGood().map(c -> c.info().epoch()), "only the fresh run's checkpoint is left");
    }
    @Test
    void copyPasteFromTheBankGetsADonorBankBuiltOnceForTheRun() {
        String data = dir.resolve("small-objects").toString();
        GenerateJob.run(spark, new SyntheticConf(120, 64, 64, 1, 2, 1, 0.6, 1, 0.1, 0.1, 9), GenerateLayout.DATASET,
                data, 2, false);
        Config conf = ConfigFactory.parseString("""
                train { epochs = 1, test-split = "", evaluate-split = "", donors-per-class = 20 }
                augment { pipeline = [ {type = copy-paste, p = 1, source = bank, copies = [1, 2]} ] }
                """).withFallback(ConfigFactory.parseString(CONF)).resolve();
        TrainResult result = new SparkTrainer(spark, TrainingConf.from(conf)).train(data, dir.resolve("paste").toString(), false,
                EpochListener.NONE);

        long donors = ((Number) result.provenance().get("copyPasteDonors")).longValue();
        assertTrue(donors > 0 && donors <= 2 * 20, "a bounded bank was built from the small objects: " + donors);
        assertEquals(1, result.history().size());
        assertTrue(Double.isFinite(result.history().get(0).loss()));
    }
}
