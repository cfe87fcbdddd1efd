package io.augflow.train.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.Box;
import io.augflow.augment.OpenCv;
import io.augflow.augment.synthetic.SyntheticConf;
import io.augflow.pipeline.generate.GenerateJob;
import io.augflow.pipeline.generate.GenerateLayout;
import io.augflow.train.detect.AnchorKMeans;
import io.augflow.train.detect.Anchors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A detector's head is kept wherever its weights come from: a warm start from a saved detector and a resumed
 * checkpoint both train on with the anchors the network was trained for, even when the new data's boxes would fit
 * other anchors. The first detector is trained on 64x64 images with large objects only; the new data has 96x96
 * images and small objects only (plus extra objects), so anchors refitted on it differ.
 */
class DetectorWarmStartTest {
    private static final String CONF = """
            seed = 3
            train { epochs = 1, workers = 1, batch-size-per-worker = 8, averaging-frequency = 4, rows-per-shard = 32,
                    evaluate-split = "", test-split = "" }
            model { task = detect, base-filters = 8, detect { anchors = 3 } }
            optimizer { type = adam, learning-rate = 0.003 }
            augment { pipeline = [] }
            """;

    @TempDir
    static Path dir;
    static SparkSession spark;
    static String large;
    static String small;

    @BeforeAll
    static void start() {
        OpenCv.load();
        spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4").getOrCreate();
        large = dir.resolve("large").toString();
        GenerateJob.run(spark, new SyntheticConf(40, 64, 64, 3, 2, 1, 0, 0, 0, 0.2, 11), GenerateLayout.DATASET,
                large, 2, false);
        small = dir.resolve("small").toString();
        GenerateJob.run(spark, new SyntheticConf(40, 96, 96, 3, 2, 1, 1, 2, 0, 0.2, 12), GenerateLayout.DATASET,
                small, 2, false);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void aWarmStartAndAResumeKeepTheChampionsAnchorsOnDataWhoseBoxesDiffer() throws Exception {
        Path first = dir.resolve("first");
        TrainResult champion = new SparkTrainer(spark, TrainingConf.parse(CONF)).train(large, first.toString(),
                false, EpochListener.NONE);
        double[][] anchors = champion.detector().anchors();
        TrainedModel saved = TrainedModel.read(champion.model(), new Configuration());
        assertArrayEquals(anchors, saved.head().orElseThrow().anchors().pixels(), "model.json carries the head");

        // what a fresh fit on the new data would give at the champion's input size: other anchors
        List<Box> boxes = DetectionSetup.boxesAtInput(spark.read().parquet(small).filter("split = 'train'"),
                saved.inputFit());
        Anchors refitted = AnchorKMeans.fit(boxes, 3, 3);
        assertFalse(Arrays.deepEquals(anchors, refitted.pixels()), "the new boxes fit other anchors: " + refitted
                + " vs " + Arrays.deepToString(anchors));

        TrainResult warm = new SparkTrainer(spark, TrainingConf.parse(CONF)).warmStartFrom(saved).train(small,
                dir.resolve("warm").toString(), false, EpochListener.NONE);
        assertEquals("detect", warm.task());
        assertEquals(champion.detector().stride(), warm.detector().stride());
        assertArrayEquals(anchors, warm.detector().anchors(), "the warm start keeps the champion's anchors");
        assertEquals(Arrays.stream(champion.input()).boxed().toList(), Arrays.stream(warm.input()).boxed().toList());

        // the first run's checkpoint recorded its head; a resume on the new data trains on with it
        try (Stream<Path> files = Files.walk(first.resolve(SparkTrainer.CHECKPOINTS))) {
            assertEquals(1, files.filter(p -> p.getFileName().toString().equals(TrainingOutputs.HEAD_FILE)).count());
        }
        TrainResult resumed = new SparkTrainer(spark, TrainingConf.parse(CONF + "\ntrain.epochs = 2"))
                .train(small, first.toString(), true, EpochListener.NONE);
        assertEquals(1, resumed.resumedFromEpoch(), "resumed after the first epoch");
        assertArrayEquals(anchors, resumed.detector().anchors(), "the resume keeps the checkpoint's anchors");
    }
}
