package io.augflow.pipeline.stats;

import static io.augflow.pipeline.testing.TestRows.box;
import static io.augflow.pipeline.testing.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.pipeline.dataset.DatasetMetadata;
import io.augflow.pipeline.testing.TestRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetStatisticsTest {
    private static SparkSession spark;
    private static final StatsConf CONF = new StatsConf(32 * 32, 96 * 96, 0.9, List.of("train"));

    @BeforeAll
    static void start() {
        spark = TestRows.spark();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /**
     * train: a, b label 0; c label 1 with a small class-1 box; d unlabelled with a small and a medium
     * class-2 box and a large class-3 box; e unlabelled with a medium class-3 box; f background.
     * Not counted: g (val) and a second "a" (test), which is a duplicate id.
     */
    private static Dataset<Row> handMade() {
        return TestRows.frame(spark, List.of(
                row("a", 0, "train"),
                row("b", 0, "train"),
                row("c", 1, "train", box(1, 0, 0, 10, 10)),
                row("d", null, "train", box(2, 0, 0, 20, 20), box(2, 10, 10, 50, 50), box(3, 0, 0, 100, 100)),
                row("e", null, "train", box(3, 5, 5, 40, 40)),
                row("f", null, "train"),
                row("g", 0, "val"),
                row("a", 1, "test")));
    }

    /**
     * Crowd regions are not objects: x has a small crowd box of class 1 and a large ordinary box of class 0; y only
     * a crowd box of class 2 (so no class at all); z a small class-1 box and a large class-0 box.
     */
    @Test
    void crowdRegionsAreLeftOutOfEveryCount() {
        DatasetStats s = DatasetStatistics.compute(TestRows.frame(spark, List.of(
                row("x", null, "train", TestRows.crowdBox(1, 0, 0, 10, 10), box(0, 0, 0, 100, 100)),
                row("y", null, "train", TestRows.crowdBox(2, 0, 0, 5, 5)),
                row("z", null, "train", box(1, 0, 0, 10, 10), box(0, 0, 0, 100, 100)))), CONF, 3);
        assertEquals(3, s.images());
        assertEquals(3, s.objects());
        assertEquals(new SizeBuckets(1, 0, 2), s.sizes());
        assertEquals(1, s.imagesWithSmall());
        assertEquals(1, s.unclassifiedImages(), "y holds only a crowd region");
        assertEquals(2, s.classStats(0).images());
        assertEquals(1, s.classStats(1).images());
        assertEquals(0, s.classStats(2).images());
        // primary classes: x -> 0 (its only class), z -> 1 (rarer than 0); only z has a small object
        assertEquals(1, s.classStats(0).primaryImages());
        assertEquals(0, s.classStats(0).primaryImagesWithSmall());
        assertEquals(1, s.classStats(1).primaryImages());
        assertEquals(1, s.classStats(1).primaryImagesWithSmall());
    }

    @Test
    void countsClassesSizesAndImbalanceOfAHandMadeDataset() {
        DatasetStats s = DatasetStatistics.compute(handMade(), CONF, 5);

        assertEquals(6, s.images());
        assertEquals(5, s.objects());
        assertEquals(1, s.unclassifiedImages());
        assertEquals(2, s.imagesWithSmall());
        assertEquals(new SizeBuckets(2, 2, 1), s.sizes());
        assertEquals(List.of(0, 1, 2, 3, 4), s.classes().stream().map(ClassStats::classId).toList());
        assertEquals(List.of(4), s.emptyClasses());

        ClassStats c0 = s.classStats(0);
        assertEquals(2, c0.images());
        assertEquals(0, c0.objects());
        assertEquals(2.0 / 6, c0.imageShare(), 1e-12);
        ClassStats c1 = s.classStats(1);
        assertEquals(1, c1.images());
        assertEquals(new SizeBuckets(1, 0, 0), c1.sizes());
        assertEquals(1, c1.imagesWithSmall());
        ClassStats c2 = s.classStats(2);
        assertEquals(1, c2.images());
        assertEquals(2, c2.objects());
        assertEquals(new SizeBuckets(1, 1, 0), c2.sizes());
        assertEquals(2.0 / 5, c2.objectShare(), 1e-12);
        ClassStats c3 = s.classStats(3);
        assertEquals(2, c3.images());
        assertEquals(new SizeBuckets(0, 1, 1), c3.sizes());
        assertEquals(0, c3.imagesWithSmall());

        // d belongs to 2 and 3; 2 is rarer (1 image against 2), so d's primary class is 2.
        assertEquals(List.of(2L, 1L, 1L, 1L, 0L), s.classes().stream().map(ClassStats::primaryImages).toList());
        assertEquals(2.0, s.imbalanceRatio(), 1e-12);
        // (1 - 0.9^2) / (1 - 0.9) = 1.9 and (1 - 0.9^1) / (1 - 0.9) = 1
        assertEquals(1.9, c0.effectiveNumber(), 1e-12);
        assertEquals(1.0, c1.effectiveNumber(), 1e-12);
        assertEquals(0.0, s.classStats(4).effectiveNumber());

        assertEquals(new DuplicateIds(1, 1, List.of("a")), s.duplicates());
        assertFalse(s.ingest().present());
    }

    @Test
    void effectiveNumberFollowsCuiEtAl() {
        for (double beta : new double[] {0.0, 0.5, 0.9, 0.99, 0.999, 0.9999}) {
            StatsConf conf = new StatsConf(1024, 9216, beta, List.of("train"));
            double previous = 0;
            for (long n = 1; n <= 5000; n *= 3) {
                double e = conf.effectiveNumber(n);
                assertEquals((1 - Math.pow(beta, n)) / (1 - beta), e, 1e-9 * Math.max(1, e));
                assertTrue(e >= previous && e <= n && e <= 1 / (1 - beta) + 1e-9, "beta " + beta + " n " + n);
                previous = e;
            }
        }
    }

    @Test
    void splitsSelectWhatIsCounted() {
        DatasetStats all = DatasetStatistics.compute(handMade(), new StatsConf(1024, 9216, 0.9,
                List.of("train", "val", "test")));
        assertEquals(8, all.images());
        assertEquals(3 + 1, all.classStats(0).images() + all.classStats(1).images() - 1);
        assertTrue(all.emptyClasses().isEmpty());
    }

    @Test
    void detectionOnlyAndClassificationOnlyDatasets() {
        DatasetStats boxesOnly = DatasetStatistics.compute(TestRows.frame(spark, List.of(
                row("x", null, "train", box(0, 0, 0, 5, 5), box(0, 0, 0, 5, 5), box(1, 0, 0, 200, 200)),
                row("y", null, "train", box(1, 0, 0, 50, 50)))), CONF);
        assertEquals(List.of(1L, 2L), boxesOnly.classes().stream().map(ClassStats::images).toList());
        assertEquals(List.of(2L, 2L), boxesOnly.classes().stream().map(ClassStats::objects).toList());
        assertEquals(new SizeBuckets(2, 1, 1), boxesOnly.sizes());
        assertEquals(1, boxesOnly.classStats(0).imagesWithSmall());
        assertEquals(2.0, boxesOnly.imbalanceRatio(), 1e-12);

        DatasetStats labelsOnly = DatasetStatistics.compute(TestRows.frame(spark, TestRows.classification(7, 1)), CONF);
        assertEquals(0, labelsOnly.objects());
        assertEquals(0, labelsOnly.imagesWithSmall());
        assertEquals(7.0, labelsOnly.imbalanceRatio(), 1e-12);
        assertEquals(0.875, labelsOnly.classStats(0).imageShare(), 1e-12);
        assertEquals(new DuplicateIds(0, 0, List.of()), labelsOnly.duplicates());
    }

    @Test
    void readsADatasetFolderWithItsIngestSummaryAndRoundTripsAsJson(@TempDir Path dir) throws Exception {
        String path = dir.resolve("ds").toString();
        TestRows.frame(spark, TestRows.classification(3, 2)).write().parquet(path);
        DatasetMetadata.of(List.of("cat", "dog", "bird"), Map.of()).write(path, spark.sparkContext().hadoopConfiguration());
        DatasetStats withoutSummary = DatasetStatistics.ofDataset(spark, path, CONF);
        assertFalse(withoutSummary.ingest().present());
        assertEquals(List.of(2), withoutSummary.emptyClasses());

        Files.writeString(dir.resolve("ds").resolve(QuarantineCounts.FILE_NAME),
                "{\"rowsIn\": 9, \"rowsWritten\": 5, \"rowsQuarantined\": 4,"
                + " \"quarantinedByReason\": {\"decode\": 3, \"box\": 1}, \"extra\": [1]}");
        DatasetStats s = DatasetStatistics.ofDataset(spark, path, CONF);
        assertEquals(new QuarantineCounts(true, 9, 5, Map.of("decode", 3L, "box", 1L)), s.ingest());
        assertEquals(4, s.ingest().quarantinedTotal());

        assertEquals(s, DatasetStats.fromJson(s.toJson()));
    }
}
