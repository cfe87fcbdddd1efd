package io.augflow.pipeline.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.Box;
import io.augflow.augment.DataException;
import io.augflow.augment.InvalidSampleException;
import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

/** Seeded Parquet round trips of the dataset format and the row/sample codec. */
class DatasetRoundTripTest {
    private static SparkSession spark;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        OpenCv.load();
        spark = SparkSession.builder().master("local[2]").appName("DatasetRoundTripTest")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Mat randomImage(SplittableRandom rng, int channels) {
        Mat m = new Mat(1 + rng.nextInt(40), 1 + rng.nextInt(40), CvType.CV_8UC(channels));
        Core.randu(m, 0, 256);
        return m;
    }

    private static List<Row> randomRows(long seed, int n) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int channels = rng.nextBoolean() ? 1 : 3;
            Mat image = randomImage(rng, channels);
            List<Box> boxes = new ArrayList<>();
            for (int b = rng.nextInt(4); b > 0; b--) {
                boxes.add(new Box(rng.nextInt(5), (float) rng.nextDouble(10), (float) rng.nextDouble(10),
                        (float) rng.nextDouble(5), (float) rng.nextDouble(5)));
            }
            Integer label = rng.nextInt(3) == 0 ? null : rng.nextInt(5);
            rows.add(SampleRows.toRow(String.format("img-%03d", i), SampleRows.encodePng(image), image.cols(),
                    image.rows(), channels, label, boxes, DatasetSchema.SPLITS.get(rng.nextInt(3)), "gen#" + i));
        }
        return rows;
    }

    @Test
    void parquetRoundTripKeepsEveryFieldIncludingBoxes() {
        List<Row> written = randomRows(7, 30);
        String dir = tmp.resolve("ds").toString();
        spark.createDataFrame(written, DatasetSchema.SCHEMA).repartition(3).write().parquet(dir);
        DatasetMetadata.of(List.of("a", "b", "c", "d", "e"), Map.of("test", "round-trip"))
                .write(dir, spark.sparkContext().hadoopConfiguration());

        List<Row> read = new ArrayList<>(DatasetReader.read(spark, dir).collectAsList());
        read.sort(Comparator.comparing(r -> r.getString(0)));
        assertEquals(written.size(), read.size());
        for (int i = 0; i < written.size(); i++) {
            Row w = written.get(i);
            Row r = read.get(i);
            assertEquals(w.getString(0), r.getString(0));
            assertArrayEquals((byte[]) w.get(1), (byte[]) r.get(1));
            for (int c = 2; c <= 5; c++) {
                assertEquals(w.get(c), r.get(c), "column " + c + " of " + w.getString(0));
            }
            assertEquals(SampleRows.boxes(w), SampleRows.boxes(r));
            assertEquals(w.getString(7), r.getString(7));
            assertEquals(w.getString(8), r.getString(8));
        }
        assertEquals(List.of("a", "b", "c", "d", "e"), DatasetReader.readMetadata(spark, dir).classes());
    }

    @Test
    void javaListsOfBoxesPassThroughTheRowEncoder() {
        List<Row> rows = randomRows(11, 10);
        Dataset<Row> ds = spark.createDataFrame(rows, DatasetSchema.SCHEMA)
                .map((MapFunction<Row, Row>) r -> SampleRows.toRow(r.getString(0), (byte[]) r.get(1), r.getInt(2),
                        r.getInt(3), r.getInt(4), r.isNullAt(5) ? null : r.getInt(5), SampleRows.boxes(r),
                        r.getString(7), r.getString(8)), Encoders.row(DatasetSchema.SCHEMA));
        long boxes = rows.stream().mapToLong(r -> SampleRows.boxes(r).size()).sum();
        assertEquals(boxes, ds.selectExpr("explode(objects)").count());
    }

    @Test
    void decodeGivesTheStoredPixelsAndLabel() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int channels : new int[] {1, 3}) {
            Mat image = randomImage(rng, channels);
            Row row = SampleRows.toRow("x", SampleRows.encodePng(image), image.cols(), image.rows(), channels, 2,
                    List.of(new Box(1, 1, 2, 3, 4)), "train", "src");
            Sample s = SampleRows.decode(row);
            assertEquals(channels, s.channels());
            assertEquals(0, Core.norm(image, s.image(), Core.NORM_INF));
            assertEquals(2, s.labelOrNone());
            assertEquals(List.of(new Box(1, 1, 2, 3, 4)), s.boxes());
        }
        Row noLabel = SampleRows.toRow("y", SampleRows.encodePng(randomImage(rng, 1)), 1, 1, 1, null, List.of(),
                "val", "src");
        assertTrue(SampleRows.decode(noLabel).label().isEmpty());
    }

    @Test
    void decodeTurnsRgbaAnd16BitIntoEightBit() {
        Mat rgba = new Mat(5, 6, CvType.CV_8UC4, new Scalar(10, 20, 30, 128));
        Sample colour = SampleRows.decode(SampleRows.toRow("rgba", SampleRows.encodePng(rgba), 6, 5, 3, 0,
                List.of(), "train", "s"));
        assertEquals(CvType.CV_8UC3, colour.image().type());
        Mat deep = new Mat(5, 6, CvType.CV_16UC1, new Scalar(65535));
        Sample grey = SampleRows.decode(SampleRows.toRow("deep", SampleRows.encodePng(deep), 6, 5, 1, 0,
                List.of(), "train", "s"));
        assertEquals(CvType.CV_8UC1, grey.image().type());
        assertEquals(255, (int) grey.image().get(0, 0)[0]);
    }

    @Test
    void undecodableBytesNameTheRowAndSource() {
        Row row = SampleRows.toRow("broken-7", new byte[] {1, 2, 3, 4}, 2, 2, 3, 0, List.of(), "train", "/data/b.png");
        InvalidSampleException e = assertThrows(InvalidSampleException.class, () -> SampleRows.decode(row));
        assertEquals("broken-7", e.sampleId());
        assertTrue(e.getMessage().contains("/data/b.png"), e.getMessage());
    }

    @Test
    void schemaCheckListsBothSchemas() {
        StructType bad = new StructType(java.util.Arrays.stream(DatasetSchema.SCHEMA.fields())
                .map(f -> f.name().equals(DatasetSchema.WIDTH) ? DataTypes.createStructField("width", DataTypes.LongType, false) : f)
                .filter(f -> !f.name().equals(DatasetSchema.SPLIT))
                .toArray(org.apache.spark.sql.types.StructField[]::new));
        DataException e = assertThrows(DataException.class, () -> DatasetSchema.check(bad, "/data/x"));
        String m = e.getMessage();
        assertTrue(m.contains("missing column 'split'"), m);
        assertTrue(m.contains("column 'width' is bigint, expected int"), m);
        assertTrue(m.contains("expected: " + DatasetSchema.SCHEMA.simpleString()), m);
        assertTrue(m.contains("found:    " + bad.simpleString()), m);

        String dir = tmp.resolve("not-a-dataset").toString();
        spark.createDataFrame(List.<Row>of(), bad).write().parquet(dir);
        DatasetMetadata.of(List.of("a"), Map.of()).write(dir, spark.sparkContext().hadoopConfiguration());
        assertThrows(DataException.class, () -> DatasetReader.read(spark, dir));
    }

    @Test
    void readerRefusesAFolderWithoutMetadata() {
        String dir = tmp.resolve("bare").toString();
        spark.createDataFrame(randomRows(1, 2), DatasetSchema.SCHEMA).write().parquet(dir);
        DataException e = assertThrows(DataException.class, () -> DatasetReader.read(spark, dir));
        assertTrue(e.getMessage().contains(DatasetMetadata.FILE_NAME), e.getMessage());
    }
}
