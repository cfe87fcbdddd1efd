package io.augflow.pipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.augflow.augment.OpenCv;
import io.augflow.pipeline.dataset.DatasetReader;
import io.augflow.pipeline.ingest.incremental.IncrementalIngestConf;
import io.augflow.pipeline.ingest.incremental.IncrementalIngestJob;
import io.augflow.pipeline.ingest.incremental.IncrementalIngestResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The split setting end to end on local[2]: partitioning, added files, layouts that name splits, the summary. */
class IngestSplitTest {
    private static final String SPLIT = "train=0.6,val=0.2,test=0.2";
    private static SparkSession spark;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        OpenCv.load();
        spark = SparkSession.builder().master("local[2]").appName("IngestSplitTest")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code count} small PNGs per class, named {@code <class>/<prefix><i>.png}, no split folders. */
    private static void classFolders(Path root, String prefix, int count, String... classes) {
        for (String c : classes) {
            for (int i = 0; i < count; i++) {
                write(root.resolve(c + "/" + prefix + i + ".png"), TestImages.png(4 + i % 3, 4, 1));
            }
        }
    }

    /** id -> split of a written dataset. */
    private static Map<String, String> splits(String dataset) {
        return DatasetReader.read(spark, dataset).select("id", "split").collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1)));
    }

    private IngestSummary ingest(Path root, String name, int partitions) {
        return IngestJob.run(spark, IngestConf.builder(root.toString(), tmp.resolve(name).toString()).split(SPLIT)
                .partitions(partitions).build());
    }

    @Test
    void theSameRowsGoToTheSameSplitsWhateverThePartitioningAndAsTheDrawSays() {
        Path root = tmp.resolve("folders");
        classFolders(root, "img-", 30, "cat", "dog", "owl");
        IngestSummary one = ingest(root, "one-partition", 1);
        IngestSummary five = ingest(root, "five-partitions", 5);
        Map<String, String> a = splits(tmp.resolve("one-partition").toString());
        assertEquals(90, a.size());
        assertEquals(a, splits(tmp.resolve("five-partitions").toString()));
        SplitAssigner draw = new SplitAssigner("train", SplitFractions.parse(SPLIT), IngestConf.DEFAULT_SPLIT_SEED);
        a.forEach((id, split) -> assertEquals(draw.of(id).name(), split, id));
        assertTrue(a.containsValue("train") && a.containsValue("val") && a.containsValue("test"), a.toString());

        assertEquals(one.writtenBySplit(), five.writtenBySplit());
        assertEquals(Map.of("assigned", 90L), one.writtenBySplitSource());
        assertEquals(SPLIT, one.split());
        assertTrue(one.describe().contains("splits:     90 rows drawn by split " + SPLIT + " (seed 42)"),
                one.describe());
    }

    @Test
    void anExistingRowKeepsItsSplitWhenFilesAreAdded() {
        Path root = tmp.resolve("growing");
        classFolders(root, "first-", 20, "cat", "dog");
        ingest(root, "before", 0);
        Map<String, String> before = splits(tmp.resolve("before").toString());
        classFolders(root, "later-", 25, "cat", "dog", "owl"); // more files, and a new class
        ingest(root, "after", 3);
        Map<String, String> after = splits(tmp.resolve("after").toString());
        assertEquals(40 + 75, after.size());
        before.forEach((id, split) -> assertEquals(split, after.get(id), id + " moved"));
    }

    @Test
    void incrementalRunsGiveEachRowTheSplitTheOneShotIngestGives() {
        Path landing = tmp.resolve("landing");
        classFolders(landing, "a-", 15, "cat", "dog");
        Path dataset = tmp.resolve("incremental");
        IncrementalIngestConf conf = new IncrementalIngestConf(IngestConf.builder(landing.toString(),
                dataset.toString()).split(SPLIT).build(), "", 0);
        IncrementalIngestJob.run(spark, conf);
        Map<String, String> first = splits(dataset.toString());
        classFolders(landing, "b-", 15, "cat", "dog");
        IncrementalIngestResult second = IncrementalIngestJob.run(spark, conf);
        assertEquals(30, second.rowsWritten());
        assertTrue(second.describe().contains("written by split {"), second.describe());
        Map<String, String> all = splits(dataset.toString());
        first.forEach((id, split) -> assertEquals(split, all.get(id), id + " moved"));

        ingest(landing, "one-shot", 0);
        assertEquals(splits(tmp.resolve("one-shot").toString()), all, "incremental and one-shot agree row by row");
        IngestSummary totals = readSummary(dataset.toString());
        assertEquals(Map.of("assigned", 60L), totals.writtenBySplitSource());
        assertEquals(classSplitCounts(dataset.toString()), totals.writtenByClassAndSplit());
    }

    @Test
    void rowsWhoseLayoutNamesASplitKeepItAndTheSummarySaysSo() {
        Path root = tmp.resolve("split-folders");
        for (String split : List.of("train", "val")) {
            for (int i = 0; i < 6; i++) {
                write(root.resolve(split + "/cat/" + i + ".png"), TestImages.png(5, 5, 1));
                write(root.resolve(split + "/dog/" + i + ".png"), TestImages.png(5, 5, 1));
            }
        }
        IngestSummary s = ingest(root, "kept", 0);
        assertEquals(Map.of("train", 12L, "val", 12L), s.writtenBySplit());
        assertEquals(Map.of("layout", 24L), s.writtenBySplitSource());
        assertTrue(s.describe().contains("24 kept the split their layout names"), s.describe());
        splits(tmp.resolve("kept").toString()).forEach((id, split) -> assertTrue(id.startsWith(split + "/"), id));
    }

    @Test
    void theSummaryCountsImagesPerClassPerSplit() throws IOException {
        Path root = tmp.resolve("per-class");
        classFolders(root, "x-", 40, "ant", "bee");
        classFolders(root, "y-", 7, "cow");
        IngestSummary s = ingest(root, "per-class-out", 0);
        String dataset = tmp.resolve("per-class-out").toString();
        Map<String, Map<String, Long>> expected = classSplitCounts(dataset);
        assertEquals(expected, s.writtenByClassAndSplit());
        assertEquals(List.of("ant", "bee", "cow"), List.copyOf(s.writtenByClassAndSplit().keySet()), "class id order");
        assertEquals(expected, readSummary(dataset).writtenByClassAndSplit(), "in _ingest_summary.json too");
        long cows = s.writtenByClassAndSplit().get("cow").values().stream().mapToLong(Long::longValue).sum();
        assertEquals(7, cows);
    }

    @Test
    void yoloAndCocoWithoutSplitFoldersAreDrawnToo() {
        Path yolo = tmp.resolve("yolo");
        write(yolo.resolve("classes.txt"), "car\nbus\n".getBytes());
        for (int i = 0; i < 20; i++) {
            write(yolo.resolve("images/" + i + ".png"), TestImages.png(10, 10, 3));
            write(yolo.resolve("labels/" + i + ".txt"), ((i % 2) + " 0.5 0.5 0.2 0.2\n").getBytes());
        }
        IngestSummary y = ingest(yolo, "yolo-out", 0);
        assertEquals(Map.of("assigned", 20L), y.writtenBySplitSource());
        assertEquals(classSplitCounts(tmp.resolve("yolo-out").toString()), y.writtenByClassAndSplit());

        Path coco = tmp.resolve("coco");
        StringBuilder images = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            write(coco.resolve(i + ".png"), TestImages.png(10, 10, 3));
            images.append(i == 0 ? "" : ",").append("{\"id\": ").append(i).append(", \"file_name\": \"").append(i)
                    .append(".png\"}");
        }
        write(coco.resolve("instances.json"), ("{\"categories\": [{\"id\": 1, \"name\": \"car\"}], \"images\": ["
                + images + "], \"annotations\": []}").getBytes());
        IngestSummary c = IngestJob.run(spark, IngestConf.builder(coco.resolve("instances.json").toString(),
                tmp.resolve("coco-out").toString()).split(SPLIT).build());
        assertEquals(Map.of("assigned", 12L), c.writtenBySplitSource());
        SplitAssigner draw = new SplitAssigner("train", SplitFractions.parse(SPLIT), 42);
        splits(tmp.resolve("coco-out").toString()).forEach((id, split) -> assertEquals(draw.of(id).name(), split));
        assertEquals(Map.of(ClassSplitCounts.NO_CLASS, c.writtenBySplit()), c.writtenByClassAndSplit(),
                "images without boxes are counted apart");
    }

    /** Images per class name per split, counted here from the rows (classification label or box classes). */
    private static Map<String, Map<String, Long>> classSplitCounts(String dataset) {
        List<String> classes = DatasetReader.readMetadata(spark, dataset).classes();
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        for (Row r : DatasetReader.read(spark, dataset).collectAsList()) {
            String split = r.getString(r.fieldIndex("split"));
            java.util.Set<String> names = new java.util.TreeSet<>();
            if (!r.isNullAt(r.fieldIndex("label"))) {
                names.add(classes.get(r.getInt(r.fieldIndex("label"))));
            }
            for (Row o : r.<Row>getList(r.fieldIndex("objects"))) {
                names.add(classes.get(o.getInt(0)));
            }
            for (String name : names) {
                counts.computeIfAbsent(name, k -> new HashMap<>()).merge(split, 1L, Long::sum);
            }
        }
        return counts;
    }

    private static IngestSummary readSummary(String dataset) {
        try {
            return new ObjectMapper().configure(com.fasterxml.jackson.databind.DeserializationFeature
                    .FAIL_ON_UNKNOWN_PROPERTIES, false).readValue(Path.of(dataset, IngestSummary.FILE_NAME).toFile(),
                    IngestSummary.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
