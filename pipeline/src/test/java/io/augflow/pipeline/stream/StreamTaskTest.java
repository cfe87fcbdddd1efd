package io.augflow.pipeline.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.Box;
import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.pipeline.dataset.DatasetSchema;
import io.augflow.pipeline.dataset.SampleRows;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

/** Which rows a stream uses and which class its samples carry, for classification and for detection. */
class StreamTaskTest {
    /** A 12 x 12 crop of a 64 x 64 image: the box at (44, 44) is usually cut away. */
    private static final String CROP = "augment { pipeline = [ {type = random-crop, p = 1, width = 12, height = 12} ],"
            + " bbox { min-visibility = 0.3 } }";

    @TempDir
    static Path dir;
    static SparkSession spark;
    static Configuration hadoop;
    static List<Shard> shards;

    @BeforeAll
    static void write() {
        OpenCv.load();
        spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
        hadoop = spark.sparkContext().hadoopConfiguration();
        List<Row> rows = new ArrayList<>();
        byte[] png = SampleRows.encodePng(new Mat(64, 64, CvType.CV_8UC3, new Scalar(90, 90, 90)));
        for (int i = 0; i < 10; i++) {
            // detection rows: no label, one box of class 2 (and a smaller one of class 0)
            rows.add(SampleRows.toRow("boxed-" + i, png, 64, 64, 3, null,
                    List.of(new Box(2, 44, 44, 16, 16), new Box(0, 2, 2, 4, 4)), "train", "t://" + i));
        }
        for (int i = 0; i < 3; i++) {
            rows.add(SampleRows.toRow("background-" + i, png, 64, 64, 3, null, List.of(), "train", "t://bg" + i));
        }
        String dataset = dir.resolve("data").toString();
        spark.createDataFrame(rows, DatasetSchema.SCHEMA).coalesce(1).write().parquet(dataset);
        shards = DatasetShards.list(spark, dataset, 64);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static List<Sample> epoch(EpochStream stream, int epoch) {
        List<Sample> out = new ArrayList<>();
        for (Shard s : shards) {
            out.addAll(stream.samples(s, epoch, hadoop, StreamCounters.NONE));
        }
        return out;
    }

    @Test
    void classificationSkipsBackgroundAndFixesTheClassBeforeAugmentation() {
        EpochStream stream = EpochStream.training(CROP, 1, RepeatPolicy.ONCE).forTask(StreamTask.CLASSIFY);
        int boxLost = 0;
        for (int epoch = 0; epoch < 4; epoch++) {
            List<Sample> samples = epoch(stream, epoch);
            assertEquals(10, samples.size(), "the 3 background rows are left out");
            for (Sample s : samples) {
                assertEquals(2, s.label().getAsInt(), "the class of the largest box, as stored: " + s);
                boxLost += s.boxes().stream().noneMatch(b -> b.classId() == 2) ? 1 : 0;
            }
        }
        assertTrue(boxLost > 20, "the crop cut the class-2 box from most samples (" + boxLost + " of 40), yet each kept"
                + " its class");
    }

    @Test
    void detectionKeepsBackgroundImagesAsNegativesAndAddsNoLabel() {
        EpochStream stream = EpochStream.training(CROP, 1, RepeatPolicy.ONCE).forTask(StreamTask.DETECT);
        List<Sample> samples = epoch(stream, 0);
        assertEquals(13, samples.size());
        assertTrue(samples.stream().noneMatch(s -> s.label().isPresent()));
        assertEquals(3, samples.stream().filter(s -> s.id().startsWith("background-")).count());
    }
}
