package io.augflow.train.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.augflow.augment.OpenCv;
import io.augflow.augment.synthetic.SyntheticConf;
import io.augflow.pipeline.generate.GenerateJob;
import io.augflow.pipeline.generate.GenerateLayout;
import io.augflow.train.eval.ClassificationMetrics;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Training keeps the best epoch as model.zip, stops early, and a resumed run knows the best epoch: tiny LeNet runs
 * on generated shapes, local[2]. A min-delta of 1 (no macro-F1 can gain more) makes epoch 0 the best whatever the
 * figures, so the kept model differs from the last one by construction.
 */
class BestEpochTrainingTest {
    private static final String CONF = """
            seed = 5
            train { epochs = 3, workers = 2, batch-size-per-worker = 16, averaging-frequency = 2,
                    prefetch-batches = 1, rows-per-shard = 24, evaluate-split = val, test-split = test }
            model { architecture = lenet5, batch-norm = false, l2 = 0, input-size = "28x28" }
            optimizer { type = adam, learning-rate = 0.005 }
            balance { strategy = none }
            """;
    private static final ObjectMapper JSON = new ObjectMapper();

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
        GenerateJob.run(spark, new SyntheticConf(160, 64, 64, 1, 2, 1, 0, 0, 0.2, 0.2, 3), GenerateLayout.DATASET,
                dataset, 2, false);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void theSavedModelIsTheEpochOfTheBestValidationMacroF1AndItsTestFiguresAreItsOwn() throws IOException {
        String out = dir.resolve("best").toString();
        TrainResult result = train("", out, false);

        List<Double> f1 = result.history().stream().map(r -> r.validation().macroF1()).toList();
        int expected = 0;
        for (int i = 1; i < f1.size(); i++) {
            if (f1.get(i) > f1.get(expected)) {
                expected = i;
            }
        }
        TrainResult.KeptEpoch kept = result.kept();
        assertEquals(expected, kept.bestEpoch(), "the first epoch of the highest macro-F1 " + f1);
        assertEquals(f1.stream().mapToDouble(Double::doubleValue).max().orElseThrow(), kept.value());
        assertEquals("macro-f1", kept.metric());
        assertEquals(2, kept.lastEpoch());
        assertFalse(kept.stoppedEarly());
        assertParamsEqual(checkpointModel(out, expected), Path.of(out, SparkTrainer.MODEL_FILE));

        // model.zip scored again on val and test gives the recorded figures: they are the saved model's
        SplitEvaluator evaluator = evaluator(result);
        DistributedNetwork saved = savedNetwork(out);
        assertEquals(f1.get(expected), evaluator.evaluate(saved, dataset, "val", result.classes()).macroF1(), 1e-12);
        ClassificationMetrics test = evaluator.evaluate(saved, dataset, "test", result.classes());
        assertArrayEquals(test.confusion(), result.test().confusion());

        JsonNode written = JSON.readTree(Path.of(out, SparkTrainer.RESULT_FILE).toFile()).get("kept");
        assertEquals(expected, written.get("bestEpoch").asInt());
        assertEquals(2, written.get("lastEpoch").asInt());
        assertFalse(written.get("stoppedEarly").asBoolean());
    }

    @Test
    void patienceStopsTrainingBeforeTheEpochCountAndTheBestEpochIsKept() throws IOException {
        String out = dir.resolve("early").toString();
        TrainResult result = train("train { epochs = 6, best-model.min-delta = 1, early-stopping.patience = 2 }",
                out, false);

        // epoch 0 is the best (nothing gains more than 1); epochs 1 and 2 are not better: stop before epoch 3
        assertEquals(List.of(0, 1, 2), result.history().stream().map(EpochRecord::epoch).toList());
        TrainResult.KeptEpoch kept = result.kept();
        assertEquals(0, kept.bestEpoch());
        assertEquals(2, kept.lastEpoch());
        assertTrue(kept.stoppedEarly());
        assertTrue(kept.stopReason().contains("patience 2"), kept.stopReason());
        assertEquals(result.history().get(0).validation().macroF1(), kept.value());
        assertParamsEqual(checkpointModel(out, 0), Path.of(out, SparkTrainer.MODEL_FILE));
        assertParamsDiffer(checkpointModel(out, 2), Path.of(out, SparkTrainer.MODEL_FILE));
        assertTrue(Path.of(out, SparkTrainer.CHECKPOINTS, "epoch-0002").toFile().isDirectory(),
                "the last epoch stays a checkpoint");
        ClassificationMetrics test = evaluator(result).evaluate(savedNetwork(out), dataset, "test", result.classes());
        assertArrayEquals(test.confusion(), result.test().confusion(), "test figures of the kept epoch 0");
    }

    @Test
    void aListenerAskingToStopEndsTrainingAfterThatEpochAndItsReasonIsRecorded() throws IOException {
        String out = dir.resolve("asked").toString();
        java.util.List<Integer> asked = new java.util.ArrayList<>();
        EpochListener stopAtSecond = new EpochListener() {
            @Override
            public java.util.Optional<String> stopAfter(EpochRecord record) {
                asked.add(record.epoch());
                return record.epoch() == 1 ? java.util.Optional.of("rung 2: not among the best")
                        : java.util.Optional.empty();
            }
        };
        TrainingConf conf = TrainingConf.from(ConfigFactory.parseString("train { epochs = 5 }")
                .withFallback(ConfigFactory.parseString(CONF)).resolve());
        TrainResult result = new SparkTrainer(spark, conf).train(dataset, out, false, stopAtSecond);

        assertEquals(List.of(0, 1), asked, "asked after each trained epoch, and no more after the stop");
        assertEquals(List.of(0, 1), result.history().stream().map(EpochRecord::epoch).toList());
        TrainResult.KeptEpoch kept = result.kept();
        assertEquals(1, kept.lastEpoch());
        assertTrue(kept.stoppedEarly());
        assertEquals("rung 2: not among the best", kept.stopReason());
        JsonNode written = JSON.readTree(Path.of(out, SparkTrainer.RESULT_FILE).toFile()).get("kept");
        assertEquals("rung 2: not among the best", written.get("stopReason").asText());
        assertFalse(Path.of(out, SparkTrainer.CHECKPOINTS, "epoch-0002").toFile().exists(), "epoch 3 never trained");
    }

    @Test
    void aResumedRunKeepsTheBestEpochOfTheFirstRunAndItsPatienceCount() throws IOException {
        String out = dir.resolve("resume").toString();
        TrainResult first = train("train { epochs = 2, test-split = \"\", best-model.min-delta = 1 }", out, false);
        assertEquals(0, first.kept().bestEpoch());

        TrainResult resumed = train("train { test-split = \"\", best-model.min-delta = 1 }", out, true);
        assertEquals(List.of(0, 1, 2), resumed.history().stream().map(EpochRecord::epoch).toList());
        assertEquals(0, resumed.kept().bestEpoch(), "epoch 0, trained before the resume, is still the best");
        assertEquals(2, resumed.kept().lastEpoch());
        assertEquals(first.history().get(0).validation().macroF1(), resumed.kept().value());
        assertParamsEqual(checkpointModel(out, 0), Path.of(out, SparkTrainer.MODEL_FILE));

        // epochs 1 and 2 were not better: with patience 2 a further resume trains nothing more
        TrainResult again = train("train { epochs = 5, test-split = \"\", best-model.min-delta = 1,"
                + " early-stopping.patience = 2 }", out, true);
        assertEquals(3, again.history().size());
        assertTrue(again.kept().stoppedEarly());
        assertEquals(0, again.kept().bestEpoch());
    }

    @Test
    void withoutAValidationSplitTheLastEpochIsKeptAndModelJsonSaysSo() throws IOException {
        String out = dir.resolve("no-val").toString();
        TrainResult result = train("train { epochs = 2, evaluate-split = \"\", test-split = \"\" }", out, false);
        TrainResult.KeptEpoch kept = result.kept();
        assertEquals("none", kept.metric());
        assertEquals(1, kept.bestEpoch());
        assertEquals(1, kept.lastEpoch());
        assertNull(kept.value());
        assertEquals("no validation split: the last epoch is kept", kept.note());
        assertNull(result.history().get(1).validation());
        assertParamsEqual(checkpointModel(out, 1), Path.of(out, SparkTrainer.MODEL_FILE));

        // a named split without rows: the same, with the reason
        TrainResult empty = train("train { epochs = 1, evaluate-split = nosuch, test-split = \"\" }",
                dir.resolve("empty-val").toString(), false);
        assertTrue(empty.kept().note().contains("split 'nosuch' has no rows"), empty.kept().note());
    }

    @Test
    void earlyStoppingOnASplitWithoutRowsIsRefusedBeforeTraining() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> train(
                "train { epochs = 2, evaluate-split = nosuch, early-stopping.patience = 1 }",
                dir.resolve("refused").toString(), false));
        assertTrue(e.getMessage().contains("augflow.train.early-stopping.patience = 1")
                && e.getMessage().contains("'nosuch'"), e.getMessage());
        assertFalse(Path.of(dir.resolve("refused").toString(), SparkTrainer.CHECKPOINTS, "epoch-0000").toFile()
                .exists(), "nothing was trained");
    }

    private static TrainResult train(String overrides, String out, boolean resume) {
        TrainingConf conf = TrainingConf.from(ConfigFactory.parseString(overrides)
                .withFallback(ConfigFactory.parseString(CONF)).resolve());
        return new SparkTrainer(spark, conf).train(dataset, out, resume, EpochListener.NONE);
    }

    private static SplitEvaluator evaluator(TrainResult result) {
        TrainingConf conf = TrainingConf.parse(CONF);
        return new SplitEvaluator(spark, conf.train(),
                TrainedModel.read(result.model(), spark.sparkContext().hadoopConfiguration()).inputFit());
    }

    private static DistributedNetwork savedNetwork(String out) throws IOException {
        try (var in = new FileInputStream(Path.of(out, SparkTrainer.MODEL_FILE).toFile())) {
            return DistributedNetwork.restore(in, false);
        }
    }

    private static Path checkpointModel(String out, int epoch) {
        return Path.of(out, SparkTrainer.CHECKPOINTS, String.format("epoch-%04d", epoch), "model.zip");
    }

    private static INDArray params(Path model) throws IOException {
        try (var in = new FileInputStream(model.toFile())) {
            MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(in, false);
            return net.params();
        }
    }

    private static void assertParamsEqual(Path expected, Path actual) throws IOException {
        assertNotNull(expected);
        assertEquals(params(expected), params(actual), actual + " holds the parameters of " + expected);
    }

    private static void assertParamsDiffer(Path other, Path actual) throws IOException {
        assertFalse(params(other).equals(params(actual)), actual + " must not hold the parameters of " + other);
    }
}
