package io.augflow.jobs.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.Box;
import io.augflow.augment.OpenCv;
import io.augflow.pipeline.dataset.DatasetSchema;
import io.augflow.pipeline.dataset.SampleRows;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

class PreviewSelectionTest {
    private static SparkSession spark;
    private static Dataset<Row> rows;

    @BeforeAll
    static void start() {
        OpenCv.load();
        spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4").getOrCreate();
        byte[] png = SampleRows.encodePng(new Mat(64, 64, CvType.CV_8UC1, Scalar.all(100)));
        List<Row> list = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            list.add(SampleRows.toRow("plain-" + i, png, 64, 64, 1, 0, List.of(), "train", "s"));
        }
        for (int i = 0; i < 6; i++) {
            list.add(SampleRows.toRow("big-" + i, png, 64, 64, 1, null, List.of(new Box(1, 2, 2, 40, 40)), "train", "s"));
        }
        list.add(SampleRows.toRow("small", png, 64, 64, 1, null, List.of(new Box(2, 5, 5, 8, 8)), "train", "s"));
        rows = spark.createDataFrame(list, DatasetSchema.SCHEMA);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static List<String> ids(List<Row> chosen) {
        return chosen.stream().map(r -> r.<String>getAs(DatasetSchema.ID)).toList();
    }

    @Test
    void prefersRowsWithBoxesAndAlwaysShowsASmallObject() {
        for (long seed = 0; seed < 5; seed++) {
            List<String> three = ids(PreviewSelection.choose(rows, 3, seed, 1024));
            assertEquals(3, three.size());
            assertTrue(three.stream().noneMatch(id -> id.startsWith("plain")), "rows with boxes first: " + three);
            assertTrue(three.contains("small"), "a row with a small object is included: " + three);
        }
    }

    @Test
    void sameChoiceWhateverThePartitioningAndOtherWithAnotherSeed() {
        List<String> a = ids(PreviewSelection.choose(rows, 10, 42, 1024));
        List<String> b = ids(PreviewSelection.choose(rows.repartition(5), 10, 42, 1024));
        assertEquals(a, b);
        assertEquals(Set.copyOf(a).size(), a.size());
        assertTrue(a.subList(0, 7).stream().noneMatch(id -> id.startsWith("plain")), "boxes first: " + a);
        assertNotEquals(a, ids(PreviewSelection.choose(rows, 10, 7, 1024)));
    }

    @Test
    void returnsEverythingWhenTheSplitIsSmall() {
        assertEquals(37, PreviewSelection.choose(rows, 64, 1, 1024).size());
        assertEquals(List.of(), PreviewSelection.choose(rows.limit(0), 4, 1, 1024));
    }
}
