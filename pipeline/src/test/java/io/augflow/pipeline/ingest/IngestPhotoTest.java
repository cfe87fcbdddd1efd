package io.augflow.pipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.Box;
import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.pipeline.dataset.DatasetReader;
import io.augflow.pipeline.dataset.SampleRows;
import io.augflow.pipeline.ingest.incremental.IncrementalIngestConf;
import io.augflow.pipeline.ingest.incremental.IncrementalIngestJob;
import io.augflow.pipeline.ingest.incremental.IncrementalIngestResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/**
 * Real photo folders end to end on local[2]: phone photos with every EXIF orientation, WebP, TIFF and BMP among
 * PNG and JPEG, in image-folder, YOLO and incremental layouts. Stored rows are decoded the way training decodes
 * them ({@link SampleRows#decode}).
 */
class IngestPhotoTest {
    private static SparkSession spark;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        OpenCv.load();
        spark = SparkSession.builder().master("local[2]").appName("IngestPhotoTest")
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

    /** The scene stored for orientation {@code o} as a phone writes it: JPEG with an APP1 EXIF segment. */
    private static byte[] phoneJpeg(int o) {
        return TestExif.inJpeg(TestImages.encode(".jpg", OrientedScene.stored(o, 3)), TestExif.block(o, o % 2 == 0));
    }

    private static Map<String, Row> rows(String dataset) {
        return DatasetReader.read(spark, dataset).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r));
    }

    private static Map<String, String> quarantine(String dataset) {
        return spark.read().parquet(dataset + IngestJob.QUARANTINE_SUFFIX).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(2) + ": " + r.getString(3)));
    }

    /** What training sees of a row: upright, at U's size, the block where U has it. */
    private static void assertTrainingSeesTheUprightScene(Row row) {
        Sample s = SampleRows.decode(row);
        String id = row.getString(0);
        assertEquals(OrientedScene.WIDTH, s.width(), id);
        assertEquals(OrientedScene.HEIGHT, s.height(), id);
        assertEquals(OrientedScene.WIDTH, row.getInt(row.fieldIndex("width")), id);
        Rect block = OrientedScene.brightRegion(s.image());
        assertTrue(Math.abs(block.x - OrientedScene.BLOCK.x) <= 1 && Math.abs(block.y - OrientedScene.BLOCK.y) <= 1
                && Math.abs(block.width - OrientedScene.BLOCK.width) <= 2
                && Math.abs(block.height - OrientedScene.BLOCK.height) <= 2, id + ": block at " + block);
        assertTrue(OrientedScene.inside(block, OrientedScene.BOX), id);
    }

    @Test
    void imageFolderOfPhonePhotosAndEveryAcceptedFormat() {
        Path root = tmp.resolve("photos");
        for (int o = 1; o <= 8; o++) {
            write(root.resolve("scene/phone-o" + o + ".jpg"), phoneJpeg(o));
        }
        write(root.resolve("scene/exif-o6.png"), TestExif.inPng(TestImages.encode(".png", OrientedScene.stored(6, 3)),
                TestExif.block(6, true)));
        Mat upright = OrientedScene.upright(3);
        Mat stored8 = OrientedScene.stored(8, 3);
        write(root.resolve("scene/lossy.webp"), TestImages.encode(".webp", upright));
        write(root.resolve("scene/extended-o8.webp"), TestExif.inWebp(TestImages.encode(".webp", stored8),
                stored8.cols(), stored8.rows(), TestExif.block(8, false)));
        write(root.resolve("scene/intel-o3.tif"), TestTiff.encode(OrientedScene.stored(3, 3), false, 3));
        write(root.resolve("scene/motorola-o6.tiff"), TestTiff.encode(OrientedScene.stored(6, 1), true, 6));
        write(root.resolve("scene/plain.bmp"), TestImages.encode(".bmp", upright));
        write(root.resolve("other/animated.gif"), "GIF89a\u0002\u0000\u0002\u0000\u0000\u0000\u0000;".getBytes());
        write(root.resolve("other/cut.jpg"), TestImages.truncate(phoneJpeg(6), 0.6));
        String output = tmp.resolve("photos-out").toString();

        IngestSummary s = IngestJob.run(spark, IngestConf.builder(root.toString(), output).maxBadFraction(0.2).build());
        assertEquals(16, s.rowsIn());
        assertEquals(14, s.rowsWritten());
        assertEquals(Map.of("UNDECODABLE", 1L, "UNSUPPORTED_FORMAT", 1L), s.quarantinedByReason());
        Map<String, String> q = quarantine(output);
        assertTrue(q.get("other/animated").startsWith("UNSUPPORTED_FORMAT: GIF images are not supported"), q.toString());
        assertTrue(q.get("other/cut").startsWith("UNDECODABLE: JPEG truncated"), q.toString());

        Map<String, Row> rows = rows(output);
        for (Row row : rows.values()) {
            assertTrainingSeesTheUprightScene(row);
            ImageFormat stored = ImageHeader.read((byte[]) row.get(1)).format();
            String id = row.getString(0);
            assertEquals(id.startsWith("scene/phone") ? ImageFormat.JPEG : ImageFormat.PNG, stored, id);
        }
        assertEquals(1, rows.get("scene/motorola-o6").getInt(rows.get("scene/motorola-o6").fieldIndex("channels")));
    }

    @Test
    void yoloPhonePhotosKeepTheirBoxesOnTheMarkedBlock() {
        Path root = tmp.resolve("yolo");
        write(root.resolve("classes.txt"), "sign\nblock\n".getBytes());
        Box b = OrientedScene.BOX;
        String label = String.format(Locale.ROOT, "1 %.6f %.6f %.6f %.6f%n", (b.x() + b.w() / 2) / OrientedScene.WIDTH,
                (b.y() + b.h() / 2) / OrientedScene.HEIGHT, b.w() / OrientedScene.WIDTH, b.h() / OrientedScene.HEIGHT);
        for (int o = 1; o <= 8; o++) {
            write(root.resolve("images/train/o" + o + ".jpg"), phoneJpeg(o));
            write(root.resolve("labels/train/o" + o + ".txt"), label.getBytes());
        }
        String output = tmp.resolve("yolo-out").toString();
        IngestSummary s = IngestJob.run(spark, IngestConf.builder(root.toString(), output).build());
        assertEquals(8, s.rowsWritten(), s.quarantinedByReason().toString());
        for (Row row : rows(output).values()) {
            assertTrainingSeesTheUprightScene(row);
            List<Box> boxes = SampleRows.boxes(row);
            assertEquals(1, boxes.size());
            assertEquals(b.x(), boxes.get(0).x(), 1e-3);
            assertEquals(b.w(), boxes.get(0).w(), 1e-3);
            assertEquals(b.y(), boxes.get(0).y(), 1e-3);
            assertEquals(b.h(), boxes.get(0).h(), 1e-3);
        }
    }

    @Test
    void incrementalIngestTakesWebpAndTiffFiles() {
        Path landing = tmp.resolve("landing");
        Mat upright = OrientedScene.upright(3);
        write(landing.resolve("cat/a.webp"), TestImages.encode(".webp", upright));
        write(landing.resolve("cat/b.tif"), TestTiff.encode(upright, true, 0));
        write(landing.resolve("dog/c.tiff"), TestImages.encode(".tiff", upright));
        write(landing.resolve("dog/d.jpg"), phoneJpeg(7));
        Path dataset = tmp.resolve("landed");
        IncrementalIngestResult r = IncrementalIngestJob.run(spark, new IncrementalIngestConf(
                IngestConf.builder(landing.toString(), dataset.toString()).build(), "", 0));
        assertEquals(4, r.rowsWritten(), r.describe());
        assertEquals(0, r.rowsQuarantined(), r.describe());
        rows(dataset.toString()).values().forEach(IngestPhotoTest::assertTrainingSeesTheUprightScene);
    }

    /**
     * The acceptance check as a user would run it: a folder of 40 mixed-size JPEG, PNG and WebP images in
     * three class folders, a quarter of them portrait phone JPEGs (EXIF orientations 5-8), one corrupt file and one
     * GIF, ingested with an automatic 80/10/10 split and the default max-bad-fraction.
     */
    @Test
    void aPhoneFolderOfFortyImagesIngestsWithoutSurprises() {
        Path root = tmp.resolve("phone-folder");
        List<String> classes = List.of("beach", "forest", "street");
        SplittableRandom rng = new SplittableRandom(2024);
        int portrait = 0;
        for (int i = 0; i < 40; i++) {
            String cls = classes.get(i % 3);
            int w = 80 + rng.nextInt(240);
            int h = 60 + rng.nextInt(180);
            Mat picture = picture(w, h, rng);
            String name = String.format(Locale.ROOT, "%s/IMG_%04d", cls, i);
            if (i % 4 == 0) { // a portrait phone photo: sensor pixels stored sideways, EXIF says how to turn them
                int o = 5 + portrait++ % 4;
                Mat sideways = Orientation.fromExif(o).swapsAxes() ? transposedFor(picture, o) : picture;
                write(root.resolve(name + ".jpg"), TestExif.inJpeg(TestImages.encode(".jpg", sideways),
                        TestExif.block(o, i % 8 == 0)));
            } else if (i % 4 == 1) {
                write(root.resolve(name + ".jpg"), TestImages.encode(".jpg", picture));
            } else if (i % 4 == 2) {
                write(root.resolve(name + ".png"), TestImages.encode(".png", picture));
            } else {
                write(root.resolve(name + ".webp"), TestImages.encode(".webp", picture));
            }
        }
        write(root.resolve("forest/broken.jpg"), TestImages.truncate(TestImages.encode(".jpg", picture(200, 150, rng)),
                0.5));
        write(root.resolve("street/animation.gif"), "GIF89a\u0010\u0000\u0010\u0000\u0000\u0000\u0000;".getBytes());
        String output = tmp.resolve("phone-folder-out").toString();

        IngestSummary s = IngestJob.run(spark, IngestConf.builder(root.toString(), output)
                .split("train=0.8,val=0.1,test=0.1").build());
        assertEquals(10, portrait);
        assertEquals(42, s.rowsIn());
        assertEquals(40, s.rowsWritten());
        assertEquals(Map.of("UNDECODABLE", 1L, "UNSUPPORTED_FORMAT", 1L), s.quarantinedByReason());
        Map<String, String> q = quarantine(output);
        assertEquals(2, q.size(), q.toString());
        assertTrue(q.get("forest/broken").startsWith("UNDECODABLE: JPEG truncated after"), q.toString());
        assertEquals("UNSUPPORTED_FORMAT: GIF images are not supported by this OpenCV build (accepted: PNG, JPEG, "
                + "BMP, WebP, TIFF)", q.get("street/animation"));
        assertEquals(Map.of("assigned", 40L), s.writtenBySplitSource());
        assertEquals(40, s.writtenBySplit().values().stream().mapToLong(Long::longValue).sum());
        assertEquals(classes, List.copyOf(s.writtenByClassAndSplit().keySet()));
        Map<String, Row> rows = rows(output);
        for (int i = 0; i < 40; i += 4) {
            Row phone = rows.get(String.format(Locale.ROOT, "%s/IMG_%04d", classes.get(i % 3), i));
            Sample seen = SampleRows.decode(phone);
            assertTrue(seen.height() > 0 && seen.width() == phone.getInt(phone.fieldIndex("width")));
        }
    }

    /** A smooth picture with a few shapes, like a photo compresses (noise would not). */
    private static Mat picture(int w, int h, SplittableRandom rng) {
        Mat m = new Mat(h, w, CvType.CV_8UC3, new Scalar(rng.nextInt(256), rng.nextInt(256), rng.nextInt(256)));
        for (int k = 0; k < 4; k++) {
            Imgproc.circle(m, new Point(rng.nextInt(w), rng.nextInt(h)), 5 + rng.nextInt(30),
                    new Scalar(rng.nextInt(256), rng.nextInt(256), rng.nextInt(256)), -1);
        }
        return m;
    }

    /** The pixels a camera stores for an upright {@code picture} shown with orientation {@code o} (5-8). */
    private static Mat transposedFor(Mat picture, int o) {
        Mat out = new Mat();
        switch (o) {
            case 5 -> org.opencv.core.Core.transpose(picture, out); // its own inverse
            case 6 -> org.opencv.core.Core.rotate(picture, out, org.opencv.core.Core.ROTATE_90_COUNTERCLOCKWISE);
            case 7 -> {
                Mat t = new Mat();
                org.opencv.core.Core.transpose(picture, t);
                org.opencv.core.Core.flip(t, out, -1); // also its own inverse
            }
            case 8 -> org.opencv.core.Core.rotate(picture, out, org.opencv.core.Core.ROTATE_90_CLOCKWISE);
            default -> throw new IllegalArgumentException("orientation " + o);
        }
        return out;
    }
}
