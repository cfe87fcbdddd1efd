package io.augflow.train.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.augflow.augment.DataException;
import io.augflow.augment.OpenCv;
import io.augflow.train.checkpoint.CheckpointStore;
import io.augflow.train.testing.MessyDataset;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on data as teams really have it, with the default input settings: mixed sizes and channels, background
 * images, and rows that do not decode. Each case failed before (a size error, a "neither a label nor a box" error,
 * or a run that waited forever in DL4J's prefetch thread).
 */
class RobustTrainingTest {
    /** The defaults of the input step (model.input-size and model.resize are auto); prefetch on, as by default. */
    private static final String CONF = """
            seed = 5
            train { epochs = 1, workers = 2, batch-size-per-worker = 8, averaging-frequency = 2,
                    prefetch-batches = 2, rows-per-shard = 16, evaluate-split = "", test-split = test }
            model { architecture = lenet5, batch-norm = false, l2 = 0 }
            augment { pipeline = [ {type = horizontal-flip, p = 0.5} ] }
            balance { strategy = none }
            """;
    private static final List<String> CLASSES = List.of("disc", "square");

    @TempDir
    static Path dir;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        OpenCv.load();
        spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static TrainingConf conf(String overrides) {
        return TrainingConf.from(ConfigFactory.parseString(overrides).withFallback(ConfigFactory.parseString(CONF))
                .resolve());
    }

    @Test
    void mixedSizesAndChannelsTrainWithTheDefaultInputStep() {
        MessyDataset data = new MessyDataset(1);
        int[][] sizes = {{16, 16}, {32, 24}, {40, 40}, {24, 36}, {64, 48}};
        for (int i = 0; i < 40; i++) {
            int[] s = sizes[i % sizes.length];
            data.labelled("img-" + i, i % 2, s[0], s[1], i % 3 == 0 ? 1 : 3, i < 32 ? "train" : "test");
        }
        String dataset = data.write(spark, dir.resolve("mixed").toString(), 2, CLASSES);

        TrainResult result = new SparkTrainer(spark, conf("")).train(dataset, dir.resolve("mixed-run").toString(),
                false, EpochListener.NONE);

        // widths of the 32 train rows: 16 24 32 40 64 in equal shares (+2 extra of the first two) -> lower median 32;
        // heights 16 24 36 40 48 -> 36; no scaling (both <= 224), rounded to multiples of 8: 32 x 40 (36 -> 40)
        assertArrayEquals(new int[] {3, 40, 32}, result.input(), "channels 3 (some images are in colour), 40 x 32");
        assertEquals("resize", result.resize(), "no boxes: classification's resize");
        assertEquals(32, result.history().get(0).samples());
        assertTrue(Double.isFinite(result.history().get(0).loss()));
        assertEquals(8, result.test().examples());
    }

    @Test
    void backgroundImagesAreLeftOutOfClassificationAndCounted() {
        MessyDataset data = new MessyDataset(2);
        for (int i = 0; i < 30; i++) {
            data.boxed("box-" + i, i % 2, 48, 48, i < 24 ? "train" : "test");
        }
        data.background("bg-0", 48, 48, "train").background("bg-1", 48, 48, "train")
                .background("bg-2", 60, 40, "train").background("bg-3", 48, 48, "test");
        String dataset = data.write(spark, dir.resolve("yolo-like").toString(), 2, CLASSES);

        // boxes and no labels would make model.task = auto detect: this is YOLO data trained as classification
        TrainResult result = new SparkTrainer(spark, conf("model.task = classify")).train(dataset,
                dir.resolve("yolo-run").toString(),
                false, EpochListener.NONE);

        assertEquals(Map.of("train", 3L, "test", 1L), result.backgroundExcluded());
        assertEquals(24, result.history().get(0).samples(), "27 train rows, 3 of them background");
        assertEquals(6, result.test().examples(), "7 test rows, 1 of them background");
        assertEquals("letterbox", result.resize(), "the images carry boxes");
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aRowThatDoesNotDecodeFailsTheRunAtOnceNamingTheSample() {
        MessyDataset data = new MessyDataset(3);
        for (int i = 0; i < 30; i++) {
            data.labelled("ok-" + i, i % 2, 28, 28, 1, "train");
        }
        data.poisoned("cats/0042.jpg", 0, "train");
        String dataset = data.write(spark, dir.resolve("poisoned").toString(), 1, CLASSES);

        long start = System.nanoTime();
        DataException e = assertThrows(DataException.class, () -> new SparkTrainer(spark, conf("train.test-split = \"\""))
                .train(dataset, dir.resolve("poisoned-run").toString(), false, EpochListener.NONE));
        double seconds = (System.nanoTime() - start) / 1e9;

        assertTrue(e.getMessage().contains("sample 'cats/0042.jpg'"), e.getMessage());
        assertTrue(e.getMessage().contains("cannot decode 200 image bytes"), e.getMessage());
        assertTrue(e.getMessage().startsWith("training stopped in epoch 0, averaging round"), e.getMessage());
        assertTrue(seconds < 60, "failed after " + seconds + " s");
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aTestRowThatDoesNotDecodeFailsTheRunsEvaluationNamingTheSample() {
        MessyDataset data = new MessyDataset(4);
        for (int i = 0; i < 30; i++) {
            data.labelled("ok-" + i, i % 2, 28, 28, 1, i < 24 ? "train" : "test");
        }
        data.poisoned("cats/0099.jpg", 1, "test");
        String dataset = data.write(spark, dir.resolve("poisoned-test").toString(), 1, CLASSES);

        // evaluation quarantines like predict, but a training run refuses a split it cannot score whole
        DataException e = assertThrows(DataException.class, () -> new SparkTrainer(spark, conf(""))
                .train(dataset, dir.resolve("poisoned-test-run").toString(), false, EpochListener.NONE));
        assertTrue(e.getMessage().startsWith("evaluation of split 'test': 1 row(s) cannot be decoded, e.g."
                + " cats/0099.jpg (messy/cats/0099.jpg.png): UNDECODABLE"), e.getMessage());
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aFailureInALaterEpochLeavesTheFinishedEpochsCheckpointIntact() {
        MessyDataset good = new MessyDataset(4);
        for (int i = 0; i < 24; i++) {
            good.labelled("ok-" + i, i % 2, 28, 28, 1, "train");
        }
        String dataset = good.write(spark, dir.resolve("later").toString(), 1, CLASSES);
        String out = dir.resolve("later-run").toString();
        new SparkTrainer(spark, conf("train.test-split = \"\"")).train(dataset, out, false, EpochListener.NONE);

        // new rows since: colour, another size, and one that does not decode
        MessyDataset later = new MessyDataset(5).poisoned("new/broken.png", 1, "train");
        for (int i = 0; i < 8; i++) {
            later.labelled("new-" + i, i % 2, 40, 30, 3, "train");
        }
        later.append(spark, dataset);
        DataException e = assertThrows(DataException.class, () -> new SparkTrainer(spark,
                conf("train { epochs = 2, test-split = \"\" }")).train(dataset, out, true, EpochListener.NONE));
        assertTrue(e.getMessage().contains("sample 'new/broken.png'"), "the resumed run keeps the checkpoint's"
                + " grey 28x28 input, so only the broken row fails: " + e.getMessage());

        CheckpointStore checkpoints = new CheckpointStore(Path.of(out, SparkTrainer.CHECKPOINTS).toString(),
                spark.sparkContext().hadoopConfiguration());
        Optional<CheckpointStore.Checkpoint> last = checkpoints.latestGood();
        assertEquals(Optional.of(0), last.map(c -> c.info().epoch()), "epoch 0's checkpoint, checksum verified");
        TrainedModel.read(Path.of(out, SparkTrainer.MODEL_FILE).toString(), spark.sparkContext().hadoopConfiguration())
                .load(spark.sparkContext().hadoopConfiguration());
    }
}
