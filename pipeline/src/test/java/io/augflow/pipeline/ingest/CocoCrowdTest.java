package io.augflow.pipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.Box;
import io.augflow.augment.OpenCv;
import io.augflow.pipeline.dataset.DatasetMetadata;
import io.augflow.pipeline.dataset.DatasetReader;
import io.augflow.pipeline.dataset.DatasetSchema;
import io.augflow.pipeline.dataset.SampleRows;
import io.augflow.pipeline.stream.Shard;
import io.augflow.pipeline.stream.ShardReader;
import io.augflow.pipeline.stream.SourceRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** COCO {@code iscrowd} from the JSON to the Parquet dataset and back, and datasets written before the field. */
class CocoCrowdTest {
    private static SparkSession spark;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        OpenCv.load();
        spark = SparkSession.builder().master("local[2]").appName("CocoCrowdTest")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    @Test
    void iscrowdSurvivesTheImportAndBadValuesAreQuarantined() throws IOException {
        Path root = tmp.resolve("coco");
        for (String name : List.of("a", "b", "c")) {
            write(root.resolve(name + ".png"), TestImages.png(40, 30, 3));
        }
        String json = """
                {"categories": [{"id": 1, "name": "person"}, {"id": 3, "name": "car"}],
                 "images": [{"id": 1, "file_name": "a.png", "width": 40, "height": 30},
                            {"id": 2, "file_name": "b.png", "width": 40, "height": 30},
                            {"id": 3, "file_name": "c.png", "width": 40, "height": 30}],
                 "annotations": [{"id": 10, "image_id": 1, "category_id": 1, "bbox": [1, 2, 10, 5], "iscrowd": 0},
                                 {"id": 11, "image_id": 1, "category_id": 1, "bbox": [5, 5, 30, 20], "iscrowd": 1},
                                 {"id": 12, "image_id": 1, "category_id": 3, "bbox": [20, 1, 4, 4]},
                                 {"id": 13, "image_id": 2, "category_id": 3, "bbox": [2, 2, 6, 6], "iscrowd": true},
                                 {"id": 14, "image_id": 3, "category_id": 3, "bbox": [2, 2, 6, 6], "iscrowd": 2}]}
                """;
        write(root.resolve("instances.json"), json.getBytes());
        String output = tmp.resolve("out").toString();

        IngestSummary s = IngestJob.run(spark, IngestConf.builder(root.resolve("instances.json").toString(), output)
                .maxBadFraction(0.5).build());
        assertEquals(Map.of("BAD_BOX", 1L), s.quarantinedByReason(), "iscrowd = 2 is neither 0 nor 1");
        Map<String, Row> rows = DatasetReader.read(spark, output).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r));
        assertEquals(List.of("a", "b"), rows.keySet().stream().sorted().toList());
        // classes sorted by category id: person (1) -> 0, car (3) -> 1; iscrowd absent reads as 0
        assertEquals(List.of(new Box(0, 1, 2, 10, 5, false, false), new Box(0, 5, 5, 30, 20, false, true),
                new Box(1, 20, 1, 4, 4, false, false)), SampleRows.boxes(rows.get("a")));
        assertEquals(List.of(new Box(1, 2, 2, 6, 6, false, true)), SampleRows.boxes(rows.get("b")));
        assertEquals(DatasetSchema.OBJECTS_TYPE.simpleString(),
                spark.read().parquet(output).schema().apply(DatasetSchema.OBJECTS).dataType().simpleString(),
                "written with the crowd field");
        // the per-class table counts objects, not crowd regions: a has person and car boxes, b only a crowd of cars
        String split = rows.get("a").getString(rows.get("a").fieldIndex("split"));
        assertEquals(Map.of("person", Map.of(split, 1L), "car", Map.of(split, 1L),
                ClassSplitCounts.NO_CLASS, Map.of(split, 1L)), s.writtenByClassAndSplit());
    }

    /** A dataset written before the crowd field: the objects struct has class, x, y, w, h only. */
    @Test
    void aDatasetWrittenWithTheOldObjectStructReadsEveryBoxAsNotCrowd() throws IOException {
        StructType oldSchema = new StructType(java.util.Arrays.stream(DatasetSchema.SCHEMA.fields())
                .map(f -> f.name().equals(DatasetSchema.OBJECTS) ? DataTypes.createStructField(DatasetSchema.OBJECTS,
                        DataTypes.createArrayType(new StructType()
                                .add("class", DataTypes.IntegerType, false).add("x", DataTypes.FloatType, false)
                                .add("y", DataTypes.FloatType, false).add("w", DataTypes.FloatType, false)
                                .add("h", DataTypes.FloatType, false), false), false) : f)
                .toArray(StructField[]::new));
        Row old = RowFactory.create("old-1", new byte[] {1, 2}, 40, 30, 3, null,
                List.of(RowFactory.create(2, 1f, 2f, 3f, 4f), RowFactory.create(0, 5f, 6f, 7f, 8f)), "train", "x");
        Row background = RowFactory.create("old-2", new byte[] {1, 2}, 40, 30, 3, 1, List.of(), "train", "y");
        String path = tmp.resolve("old").toString();
        spark.createDataFrame(List.of(old, background), oldSchema).coalesce(1).write().parquet(path);
        DatasetMetadata.of(List.of("a", "b", "c"), Map.of()).write(path, spark.sparkContext().hadoopConfiguration());

        List<Row> read = DatasetReader.read(spark, path).orderBy(DatasetSchema.ID).collectAsList();
        assertEquals(List.of(new Box(2, 1, 2, 3, 4), new Box(0, 5, 6, 7, 8)), SampleRows.boxes(read.get(0)));
        assertEquals(List.of(), SampleRows.boxes(read.get(1)));
        DatasetSchema.check(read.get(0).schema(), "upgraded rows");
        assertEquals(DatasetSchema.OBJECT.simpleString(),
                ((Row) read.get(0).getList(read.get(0).fieldIndex(DatasetSchema.OBJECTS)).get(0)).schema().simpleString());

        // the training shards read Parquet groups themselves: the missing field is no crowd there too
        Path part;
        try (var files = Files.list(Path.of(path))) {
            part = files.filter(f -> f.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        List<SourceRow> shard = ShardReader.read(new Shard(part.toString(), 0, 0, 2), new Configuration());
        SourceRow first = shard.stream().filter(r -> r.id().equals("old-1")).findFirst().orElseThrow();
        assertEquals(List.of(new Box(2, 1, 2, 3, 4), new Box(0, 5, 6, 7, 8)), first.boxes());
        assertTrue(first.boxes().stream().noneMatch(Box::crowd));
    }

    /** Files of both forms in one dataset (appended to after the field came): each keeps its own flags. */
    @Test
    void aDatasetMixingOldAndNewFilesKeepsTheNewFlags() throws IOException {
        String path = tmp.resolve("mixed").toString();
        StructType oldObject = DatasetSchema.LEGACY_OBJECT;
        StructType oldSchema = new StructType(java.util.Arrays.stream(DatasetSchema.SCHEMA.fields())
                .map(f -> f.name().equals(DatasetSchema.OBJECTS) ? DataTypes.createStructField(DatasetSchema.OBJECTS,
                        DataTypes.createArrayType(oldObject, false), false) : f)
                .toArray(StructField[]::new));
        spark.createDataFrame(List.of(RowFactory.create("m-old", new byte[] {1}, 40, 30, 3, null,
                List.of(RowFactory.create(0, 1f, 1f, 2f, 2f)), "train", "x")), oldSchema)
                .coalesce(1).write().parquet(path);
        spark.createDataFrame(List.of(SampleRows.toRow("m-new", new byte[] {1}, 40, 30, 3, null,
                List.of(new Box(1, 3, 3, 9, 9, false, true)), "train", "y")), DatasetSchema.SCHEMA)
                .coalesce(1).write().mode("append").parquet(path);
        DatasetMetadata.of(List.of("a", "b"), Map.of()).write(path, spark.sparkContext().hadoopConfiguration());

        Map<String, List<Box>> boxes = DatasetReader.read(spark, path).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), SampleRows::boxes));
        assertEquals(Map.of("m-old", List.of(new Box(0, 1, 1, 2, 2)), "m-new", List.of(new Box(1, 3, 3, 9, 9, false, true))),
                boxes);
    }
}
