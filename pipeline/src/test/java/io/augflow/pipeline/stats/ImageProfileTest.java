package io.augflow.pipeline.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.pipeline.testing.TestRows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ImageProfileTest {
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = TestRows.spark();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void sizesMediansChannelsBoxesAndBackgroundPerSplit() {
        List<Row> rows = new ArrayList<>();
        byte[] img = {1};
        // train: widths 10, 20, 20, 30, 90 (lower median of 5 = 20); heights 5, 5, 7, 7, 9 (median 7)
        rows.add(TestRows.row("a", img, 10, 5, 1, 0, "train"));
        rows.add(TestRows.row("b", img, 20, 5, 3, 1, "train"));
        rows.add(TestRows.row("c", img, 20, 7, 3, null, "train", TestRows.box(0, 1, 1, 2, 2)));
        rows.add(TestRows.row("d", img, 30, 7, 1, null, "train"));
        rows.add(TestRows.row("e", img, 90, 9, 3, null, "train"));
        rows.add(TestRows.row("f", img, 64, 64, 3, 0, "test"));
        rows.add(TestRows.row("g", img, 64, 64, 3, 1, "test"));

        Map<String, ImageProfile> bySplit = ImageProfile.bySplit(TestRows.frame(spark, rows));

        ImageProfile train = bySplit.get("train");
        assertEquals(5, train.images());
        assertEquals(5, train.distinctSizes(), "10x5 20x5 20x7 30x7 90x9");
        assertEquals(20, train.medianWidth());
        assertEquals(7, train.medianHeight());
        assertEquals(3, train.colourImages());
        assertEquals(1, train.imagesWithBoxes());
        assertEquals(2, train.backgroundImages(), "d and e: neither a label nor a box");
        assertFalse(train.oneSize());
        ImageProfile test = bySplit.get("test");
        assertTrue(test.oneSize());
        assertEquals(new ImageProfile.SizeCount(64, 64, 2), test.commonSizes().get(0));
        assertEquals(0, test.backgroundImages());
    }

    @Test
    void theLowerMedianOfAnEvenCount() {
        List<ImageProfile.Group> groups = List.of(new ImageProfile.Group(10, 1, 3, 2, 0, 0),
                new ImageProfile.Group(40, 1, 3, 2, 0, 0));
        assertEquals(10, ImageProfile.of(groups).medianWidth(), "values 10 10 40 40: the 2nd smallest");
    }
}
