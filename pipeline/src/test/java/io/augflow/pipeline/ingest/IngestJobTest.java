package io.augflow.pipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.augflow.augment.Box;
import io.augflow.augment.DataException;
import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.pipeline.dataset.DatasetMetadata;
import io.augflow.pipeline.dataset.DatasetReader;
import io.augflow.pipeline.dataset.SampleRows;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/** Every importer end to end on local[2], the corrupt cases, the counting invariant and the atomic output. */
class IngestJobTest {
    private static SparkSession spark;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        OpenCv.load();
        spark = SparkSession.builder().master("local[2]").appName("IngestJobTest")
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
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Class folders cat/ and dog/ under split folders, plus one of each kind of broken file. */
    private Path imageFolderWithProblems() {
        Path root = tmp.resolve("folders");
        write(root.resolve("train/cat/a.png"), TestImages.png(12, 10, 3));
        write(root.resolve("train/cat/b.jpg"), TestImages.jpeg(16, 16));
        write(root.resolve("train/dog/c.png"), TestImages.png(8, 8, 1));
        write(root.resolve("train/dog/d.bmp"), TestImages.encode(".bmp", TestImages.noise(7, 5, 3)));
        write(root.resolve("val/cat/e.png"), TestImages.png(9, 9, 4));
        write(root.resolve("val/dog/f.png"), TestImages.png(9, 9, 1));
        write(root.resolve("train/cat/a.jpg"), TestImages.jpeg(6, 6)); // same id as a.png: DUPLICATE_ID
        write(root.resolve("train/cat/truncated.png"), TestImages.truncate(TestImages.png(50, 50, 3), 0.6));
        write(root.resolve("train/dog/random.png"), randomBytes(400));
        write(root.resolve("train/dog/empty.png"), new byte[0]);
        write(root.resolve("val/dog/bomb.png"), TestImages.pngBombHeader(100_000, 100_000));
        write(root.resolve("val/cat/notes.txt"), "not an image".getBytes());
        return root;
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SplittableRandom(n).nextBytes(b);
        b[0] = 0x42; // 'B' + random: not a BMP either (needs "BM")
        b[1] = 0x00;
        return b;
    }

    private String out(String name) {
        return tmp.resolve("out").resolve(name).toString();
    }

    private static Map<String, String> quarantine(String output) {
        return spark.read().parquet(output + "_quarantine").collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(r.fieldIndex("id")), r -> r.getString(r.fieldIndex("reason"))));
    }

    @Test
    void imageFolderEndToEndWithEveryCorruptCase() throws IOException {
        Path root = imageFolderWithProblems();
        String output = out("folders");
        IngestSummary s = IngestJob.run(spark, IngestConf.builder(root.toString(), output).maxBadFraction(1).build());

        assertEquals("image-folder", s.layout());
        assertEquals(12, s.rowsIn());
        assertEquals(6, s.rowsWritten());
        assertEquals(s.rowsIn(), s.rowsWritten() + s.rowsQuarantined());
        assertEquals(Map.of("DUPLICATE_ID", 1L, "EMPTY_FILE", 1L, "TOO_LARGE", 1L, "UNDECODABLE", 2L,
                "UNSUPPORTED_FORMAT", 1L), s.quarantinedByReason());
        assertEquals(Map.of("train", 4L, "val", 2L), s.writtenBySplit());

        Map<String, String> q = quarantine(output);
        assertEquals("TOO_LARGE", q.get("val/dog/bomb"));
        assertEquals("UNDECODABLE", q.get("train/cat/truncated"));
        assertEquals("UNDECODABLE", q.get("train/dog/random"));
        assertEquals("EMPTY_FILE", q.get("train/dog/empty"));
        assertEquals("UNSUPPORTED_FORMAT", q.get("val/cat/notes"));
        assertEquals("DUPLICATE_ID", q.get("train/cat/a"));
        assertEquals(List.of("id", "source", "reason", "detail"),
                List.of(spark.read().parquet(output + "_quarantine").columns()));
        String dupSource = spark.read().parquet(output + "_quarantine").filter("reason = 'DUPLICATE_ID'")
                .first().getString(1);
        assertTrue(dupSource.endsWith("a.png"), "the first by source (a.jpg) is kept: " + dupSource);

        Dataset<Row> ds = DatasetReader.read(spark, output);
        assertEquals(List.of("cat", "dog"), DatasetReader.readMetadata(spark, output).classes());
        Map<String, Row> rows = ds.collectAsList().stream().collect(Collectors.toMap(r -> r.getString(0), r -> r));
        assertEquals(0, rows.get("train/cat/b").getInt(5));
        assertEquals(1, rows.get("val/dog/f").getInt(5));
        assertEquals(3, rows.get("val/cat/e").getInt(4), "RGBA is stored as 3 channels");
        assertEquals(1, rows.get("train/dog/c").getInt(4));
        Sample bmp = SampleRows.decode(rows.get("train/dog/d"));
        assertEquals(7, bmp.width());
        assertEquals(5, bmp.height());
        assertArrayEquals(Files.readAllBytes(root.resolve("train/cat/b.jpg")), (byte[]) rows.get("train/cat/b").get(1),
                "PNG and JPEG bytes are stored as they came");

        IngestSummary onDisk = new ObjectMapper().readValue(
                Files.readAllBytes(Path.of(output, IngestSummary.FILE_NAME)), IngestSummary.class);
        assertEquals(s.rowsIn(), onDisk.rowsIn());
        assertEquals(s.quarantinedByReason(), onDisk.quarantinedByReason());
        DatasetMetadata meta = DatasetReader.readMetadata(spark, output);
        assertEquals("image-folder", meta.provenance().get("layout"));
        assertEquals(12, ((Number) meta.provenance().get("rowsIn")).intValue());
    }

    @Test
    void tooManyBadRowsFailsAndLeavesNothing() throws IOException {
        Path root = imageFolderWithProblems();
        String output = out("refused");
        IngestFailedException e = assertThrows(IngestFailedException.class,
                () -> IngestJob.run(spark, IngestConf.builder(root.toString(), output).build()));
        String m = e.getMessage();
        assertTrue(m.contains("6 of 12 rows (50.0%)"), m);
        assertTrue(m.contains("max-bad-fraction is 5.0%"), m);
        assertTrue(m.contains("UNDECODABLE: 2"), m);
        try (Stream<Path> left = Files.list(tmp.resolve("out"))) {
            assertEquals(List.of(), left.toList(), "no target, no quarantine, no temporary folder");
        } catch (java.nio.file.NoSuchFileException none) {
            // the parent was never created: nothing left either
        }
    }

    @Test
    void existingTargetIsRefusedUnlessOverwrite() throws IOException {
        Path root = tmp.resolve("small");
        write(root.resolve("a/1.png"), TestImages.png(4, 4, 1));
        write(root.resolve("b/2.png"), TestImages.png(4, 4, 1));
        String output = out("small");
        Files.createDirectories(Path.of(output));
        Files.writeString(Path.of(output, "old.txt"), "previous");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IngestJob.run(spark, IngestConf.builder(root.toString(), output).build()));
        assertTrue(e.getMessage().contains("already exists") && e.getMessage().contains("overwrite"), e.getMessage());
        assertTrue(Files.exists(Path.of(output, "old.txt")), "the refused target is untouched");

        IngestSummary s = IngestJob.run(spark, IngestConf.builder(root.toString(), output).overwrite(true).build());
        assertEquals(2, s.rowsWritten());
        assertFalse(Files.exists(Path.of(output, "old.txt")), "replaced");
        assertEquals(2, DatasetReader.read(spark, output).count());
        try (Stream<Path> left = Files.list(tmp.resolve("out"))) {
            assertEquals(List.of("small", "small_quarantine"),
                    left.map(p -> p.getFileName().toString()).sorted().toList(), "no hidden leftovers");
        }
    }

    private static byte[] idxImages(int count, int rows, int cols, SplittableRandom rng, int keep) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(IdxFiles.IMAGES_MAGIC);
        out.writeInt(count);
        out.writeInt(rows);
        out.writeInt(cols);
        byte[] pixels = new byte[keep * rows * cols];
        rng.nextBytes(pixels);
        out.write(pixels);
        return bytes.toByteArray();
    }

    private static byte[] idxLabels(int[] labels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(IdxFiles.LABELS_MAGIC);
        out.writeInt(labels.length);
        for (int l : labels) {
            out.writeByte(l);
        }
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(b);
        }
        return bytes.toByteArray();
    }

    @Test
    void idxGzipAndPlainWithATruncatedFile() throws IOException {
        Path root = tmp.resolve("fashion");
        SplittableRandom rng = new SplittableRandom(9);
        byte[] train = idxImages(6, 5, 4, rng, 6);
        write(root.resolve("train-images-idx3-ubyte.gz"), gzip(train));
        write(root.resolve("train-labels-idx1-ubyte.gz"), gzip(idxLabels(new int[] {0, 9, 3, 12, 1, 2})));
        write(root.resolve("t10k-images-idx3-ubyte"), idxImages(4, 5, 4, rng, 3)); // plain, one image missing
        write(root.resolve("t10k-labels-idx1-ubyte"), idxLabels(new int[] {4, 5, 6, 7}));
        String output = out("fashion-mnist");

        IngestSummary s = IngestJob.run(spark, IngestConf.builder(root.toString(), output).maxBadFraction(0.5)
                .partitions(3).build());
        assertEquals("idx", s.layout());
        assertEquals(10, s.rowsIn());
        assertEquals(Map.of("LABEL_OUT_OF_RANGE", 1L, "UNDECODABLE", 1L), s.quarantinedByReason());
        assertEquals(Map.of("train", 5L, "test", 3L), s.writtenBySplit());
        assertEquals(IdxImporter.FASHION_MNIST_CLASSES, DatasetReader.readMetadata(spark, output).classes());
        Map<String, String> q = quarantine(output);
        assertEquals("LABEL_OUT_OF_RANGE", q.get("fashion-mnist/train/00003"));
        assertEquals("UNDECODABLE", q.get("fashion-mnist/t10k/00003"));

        Row second = DatasetReader.read(spark, output).filter("id = 'fashion-mnist/train/00001'").first();
        Sample sample = SampleRows.decode(second);
        assertEquals(9, sample.labelOrNone());
        Mat expected = new Mat(5, 4, CvType.CV_8UC1);
        expected.put(0, 0, java.util.Arrays.copyOfRange(train, 16 + 20, 16 + 40));
        assertEquals(0, Core.norm(expected, sample.image(), Core.NORM_INF), "pixels survive the PNG round trip");
    }

    @Test
    void yoloWithSplitsClippingAndBadLabels() {
        Path root = tmp.resolve("yolo");
        write(root.resolve("data.yaml"), "path: .\nnames:\n  0: person\n  1: car\nnc: 2\n".getBytes());
        write(root.resolve("images/train/ok.png"), TestImages.png(100, 50, 3));
        write(root.resolve("labels/train/ok.txt"), "0 0.5 0.5 0.2 0.4\n1 0.95 0.5 0.2 0.2\n\n".getBytes());
        write(root.resolve("images/train/background.jpg"), TestImages.jpeg(20, 20));
        write(root.resolve("images/train/outside.png"), TestImages.png(100, 50, 3));
        write(root.resolve("labels/train/outside.txt"), "0 1.5 0.5 0.2 0.2\n".getBytes());
        write(root.resolve("images/val/badline.png"), TestImages.png(10, 10, 1));
        write(root.resolve("labels/val/badline.txt"), "0 0.5 0.5\n".getBytes());
        write(root.resolve("images/val/badclass.png"), TestImages.png(10, 10, 1));
        write(root.resolve("labels/val/badclass.txt"), "5 0.5 0.5 0.1 0.1\n".getBytes());
        write(root.resolve("labels/val/orphan.txt"), "0 0.5 0.5 0.1 0.1\n".getBytes());
        String output = out("yolo");

        IngestSummary s = IngestJob.run(spark, IngestConf.builder(root.toString(), output).maxBadFraction(0.7).build());
        assertEquals("yolo", s.layout());
        assertEquals(6, s.rowsIn());
        assertEquals(Map.of("BAD_BOX", 2L, "LABEL_OUT_OF_RANGE", 1L, "MISSING_FILE", 1L), s.quarantinedByReason());
        Map<String, String> q = quarantine(output);
        assertEquals("BAD_BOX", q.get("train/outside"));
        assertEquals("BAD_BOX", q.get("val/badline"));
        assertEquals("MISSING_FILE", q.get("val/orphan"));
        assertEquals(List.of("person", "car"), DatasetReader.readMetadata(spark, output).classes());

        Map<String, Row> rows = DatasetReader.read(spark, output).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r));
        // cx=0.95 w=0.2 -> x 85..105 on a 100-wide image: 75% inside, clipped to 85..100
        assertEquals(List.of(new Box(0, 40, 15, 20, 20), new Box(1, 85, 20, 15, 10)), SampleRows.boxes(rows.get("train/ok")));
        assertEquals(List.of(), SampleRows.boxes(rows.get("train/background")));
        assertTrue(rows.get("train/ok").isNullAt(5), "detection rows have no image-level label");
        assertEquals("train", rows.get("train/ok").getString(7));
    }

    @ParameterizedTest
    @EnumSource(value = IngestLayout.class, names = {"YOLO", "IMAGE_FOLDER"})
    void aRelativeInputPathIngestsLikeAnAbsoluteOne(IngestLayout layout) {
        // what `bin/augflow demo` passes: work/landing-yolo, relative to the working directory
        Path root = tmp.resolve("relative-" + layout.configName());
        if (layout == IngestLayout.YOLO) {
            write(root.resolve("classes.txt"), "person\ncar\n".getBytes());
            write(root.resolve("images/train/a.png"), TestImages.png(20, 20, 3));
            write(root.resolve("labels/train/a.txt"), "1 0.5 0.5 0.2 0.2\n".getBytes());
            write(root.resolve("images/val/b.png"), TestImages.png(20, 20, 1));
        } else {
            write(root.resolve("train/cat/a.png"), TestImages.png(20, 20, 3));
            write(root.resolve("val/dog/b.png"), TestImages.png(20, 20, 1));
        }
        String relative = Path.of("").toAbsolutePath().relativize(root).toString();
        String output = out("relative-" + layout.configName());

        String absoluteOutput = out("absolute-" + layout.configName());

        IngestSummary s = IngestJob.run(spark, IngestConf.builder(relative, output).layout(layout).build());
        assertEquals(2, s.rowsWritten(), s.toString());
        assertEquals(0, s.rowsQuarantined(), s.toString());
        IngestJob.run(spark, IngestConf.builder(root.toString(), absoluteOutput).layout(layout).build());
        assertEquals(ids(absoluteOutput), ids(output), "the same ids as from the absolute path");
    }

    private static List<String> ids(String dataset) {
        return DatasetReader.read(spark, dataset).select("id").orderBy("id").collectAsList().stream()
                .map(r -> r.getString(0)).toList();
    }

    @Test
    void cocoWithDenseCategoriesAndBrokenEntries() {
        Path root = tmp.resolve("coco");
        write(root.resolve("images/a.png"), TestImages.png(40, 30, 3));
        write(root.resolve("images/b.jpg"), TestImages.jpeg(20, 20));
        write(root.resolve("images/c.png"), TestImages.png(20, 20, 3));
        write(root.resolve("images/d.png"), TestImages.png(20, 20, 3));
        String json = """
                {"categories": [{"id": 7, "name": "zebra"}, {"id": 2, "name": "ant"}],
                 "images": [{"id": 1, "file_name": "a.png", "width": 40, "height": 30},
                            {"id": 2, "file_name": "b.jpg", "width": 20, "height": 20},
                            {"id": 3, "file_name": "c.png", "width": 20, "height": 20},
                            {"id": 4, "file_name": "d.png", "width": 20, "height": 20},
                            {"id": 5, "file_name": "missing.png", "width": 20, "height": 20},
                            {"id": 6, "file_name": "a.png", "width": 40, "height": 30}],
                 "annotations": [{"id": 10, "image_id": 1, "category_id": 7, "bbox": [1, 2, 10, 5]},
                                 {"id": 11, "image_id": 1, "category_id": 2, "bbox": [30, 20, 10, 10]},
                                 {"id": 12, "image_id": 3, "category_id": 99, "bbox": [1, 1, 2, 2]},
                                 {"id": 13, "image_id": 4, "category_id": 2, "bbox": [1, 1, 2]}]}
                """;
        write(root.resolve("images/annotations.json"), json.getBytes());
        String output = out("coco");

        IngestSummary s = IngestJob.run(spark, IngestConf.builder(root.resolve("images/annotations.json").toString(),
                output).maxBadFraction(0.7).build());
        assertEquals("coco", s.layout());
        assertEquals(6, s.rowsIn());
        assertEquals(Map.of("BAD_BOX", 1L, "UNKNOWN_LABEL", 1L, "MISSING_FILE", 1L, "DUPLICATE_ID", 1L),
                s.quarantinedByReason());
        assertEquals(List.of("ant", "zebra"), DatasetReader.readMetadata(spark, output).classes());
        Map<String, Row> rows = DatasetReader.read(spark, output).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r));
        assertEquals(List.of("a", "b"), rows.keySet().stream().sorted().toList());
        assertEquals(List.of(new Box(1, 1, 2, 10, 5), new Box(0, 30, 20, 10, 10)), SampleRows.boxes(rows.get("a")));
        Map<String, String> q = quarantine(output);
        assertEquals("MISSING_FILE", q.get("missing"));
        assertEquals("UNKNOWN_LABEL", q.get("c"));
        assertEquals("BAD_BOX", q.get("d"));
    }

    @Test
    void layoutDetection() {
        Path yolo = tmp.resolve("detect-yolo");
        write(yolo.resolve("images/x.png"), TestImages.png(4, 4, 1));
        write(yolo.resolve("labels/x.txt"), new byte[0]);
        Path idx = tmp.resolve("detect-idx");
        write(idx.resolve("train-images-idx3-ubyte.gz"), new byte[1]);
        Path folders = tmp.resolve("detect-folders");
        write(folders.resolve("cat/x.png"), TestImages.png(4, 4, 1));
        Path coco = tmp.resolve("detect-coco");
        write(coco.resolve("instances.json"), "{}".getBytes());
        Map<Path, IngestLayout> expected = new HashMap<>(Map.of(yolo, IngestLayout.YOLO, idx, IngestLayout.IDX,
                folders, IngestLayout.IMAGE_FOLDER, coco, IngestLayout.COCO));
        expected.forEach((dir, layout) -> assertEquals(layout, LayoutDetector.detect(spark, dir.toString()), dir.toString()));
        Path empty = tmp.resolve("detect-empty");
        write(empty.resolve("readme.md"), new byte[1]);
        DataException e = assertThrows(DataException.class, () -> LayoutDetector.detect(spark, empty.toString()));
        assertTrue(e.getMessage().contains("readme.md"), e.getMessage());
    }
}
