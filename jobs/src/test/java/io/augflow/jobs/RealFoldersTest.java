package io.augflow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augflow.augment.OpenCv;
import io.augflow.augment.synthetic.SyntheticConf;
import io.augflow.jobs.faults.Console;
import io.augflow.pipeline.generate.GenerateJob;
import io.augflow.pipeline.generate.GenerateLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Issue 17's acceptance, as a new user runs it: the README's commands with the default configuration on folders as
 * teams have them. A photo folder of mixed sizes and formats, a quarter of it portrait phone photos (pixels stored
 * sideways with an EXIF orientation), ingests with no photo quarantined and trains and previews with no
 * configuration; a YOLO folder with background images (no label file) trains.
 */
class RealFoldersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        OpenCv.load();
    }

    @AfterAll
    static void stop() {
        SparkSession.getDefaultSession().foreach(s -> {
            s.stop();
            return null;
        });
    }

    private static Console run(String... args) {
        String[] all = Stream.concat(Stream.of(args), Stream.of("--master", "local[2]")).toArray(String[]::new);
        return Console.capture(() -> AugflowCli.run(all));
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void aPhotoFolderOfMixedSizesAndPhonePhotosIngestsTrainsAndPreviewsWithTheDefaults() throws Exception {
        Path photos = dir.resolve("photos");
        SplittableRandom rng = new SplittableRandom(17);
        java.util.Map<String, int[]> phoneSizes = new java.util.HashMap<>();
        for (int i = 0; i < 40; i++) {
            String cls = i % 2 == 0 ? "cats" : "dogs";
            int w = 60 + rng.nextInt(200);
            int h = 50 + rng.nextInt(150);
            Mat upright = picture(i % 2, w, h, rng);
            Path file = photos.resolve(cls).resolve(String.format(Locale.ROOT, "IMG_%04d", i));
            if (i % 4 == 0) { // a portrait phone photo: orientation 6 = stored rotated, "turn 90 clockwise to view"
                Mat stored = new Mat();
                Core.rotate(upright, stored, Core.ROTATE_90_COUNTERCLOCKWISE);
                phoneSizes.put(cls + "/IMG_" + String.format(Locale.ROOT, "%04d", i), new int[] {w, h});
                write(file, ".jpg", withOrientation(encode(".jpg", stored), 6));
            } else {
                write(file, i % 4 == 1 ? ".jpg" : i % 4 == 2 ? ".png" : ".webp",
                        encode(i % 4 == 1 ? ".jpg" : i % 4 == 2 ? ".png" : ".webp", upright));
            }
        }
        String dataset = dir.resolve("photos-dataset").toString();
        Console ingest = run("ingest", "-i", photos.toString(), "-o", dataset, "--split", "train=0.7,val=0.15,test=0.15");
        assertEquals(0, ingest.exitCode(), ingest.describe());
        assertTrue(ingest.out().contains("40 rows in, 40 written"), "no photo quarantined: " + ingest.out());
        SparkSession spark = SparkSession.builder().getOrCreate();
        int phones = 0;
        for (var row : spark.read().parquet(dataset).select("id", "width", "height").collectAsList()) {
            int[] upright = phoneSizes.get(row.getString(0).replaceAll("\\.jpg$", ""));
            if (upright != null) {
                assertEquals(upright[0], row.getInt(1), row.getString(0) + " stored upright: width");
                assertEquals(upright[1], row.getInt(2), row.getString(0) + " stored upright: height");
                phones++;
            }
        }
        assertEquals(10, phones, "every phone photo checked");

        Console train = run("train", "-d", dataset, "-o", dir.resolve("photos-model").toString());
        assertEquals(0, train.exitCode(), train.describe());
        JsonNode model = JSON.readTree(dir.resolve("photos-model/model.json").toFile());
        assertEquals(3, model.path("input").get(0).asInt(), "colour: " + model.path("input"));
        assertEquals("resize", model.path("resize").asText());
        assertTrue(model.path("inputChoice").asText().contains("the median size"), model.path("inputChoice").asText());
        assertEquals(3, model.path("history").size(), "the default 3 epochs");

        Console preview = run("preview", "-d", dataset, "-o", dir.resolve("preview.png").toString());
        assertEquals(0, preview.exitCode(), preview.describe());
        assertTrue(preview.out().contains("network input " + model.path("input").get(2).asInt() + "x"
                + model.path("input").get(1).asInt() + "x3 (resize)"), preview.out());
        assertTrue(Files.size(dir.resolve("preview.png")) > 10_000);
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void aYoloFolderWithBackgroundImagesAPhonePhotoAndACorruptFileTrainsWithTheDefaults() throws Exception {
        Path yolo = dir.resolve("yolo");
        SparkSession spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
        GenerateJob.run(spark, new SyntheticConf(120, 64, 64, 3, 3, 3, 0.3, 1, 0.1, 0.1, 9), GenerateLayout.YOLO,
                yolo.toString(), 2, false);
        List<Path> labels;
        try (Stream<Path> files = Files.walk(yolo.resolve("labels"))) {
            labels = files.filter(f -> f.toString().endsWith(".txt")).sorted().toList();
        }
        int removed = 0;
        for (int i = 0; i < labels.size(); i += 10) { // 10%: images without a label file are background images
            Files.delete(labels.get(i));
            removed++;
        }
        // a phone photo: stored sideways with EXIF orientation 6, its label drawn on the upright picture (as
        // labelling tools show it): a 24x16 px white block at (8, 20) of a 64x48 image
        Mat upright = new Mat(48, 64, CvType.CV_8UC3, new Scalar(90, 90, 90));
        Imgproc.rectangle(upright, new Point(8, 20), new Point(31, 35), new Scalar(255, 255, 255), -1);
        Mat stored = new Mat();
        Core.rotate(upright, stored, Core.ROTATE_90_COUNTERCLOCKWISE);
        Files.write(yolo.resolve("images/train/phone-0.jpg"), withOrientation(encode(".jpg", stored), 6));
        Files.writeString(yolo.resolve("labels/train/phone-0.txt"), String.format(Locale.ROOT,
                "0 %.6f %.6f %.6f %.6f%n", 20.0 / 64, 28.0 / 48, 24.0 / 64, 16.0 / 48));
        // and a file that is no image at all, with a label
        Files.write(yolo.resolve("images/train/broken-0.jpg"),
                "not a jpeg".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Files.writeString(yolo.resolve("labels/train/broken-0.txt"), "1 0.5 0.5 0.2 0.2\n");

        String dataset = dir.resolve("yolo-dataset").toString();
        Console ingest = run("ingest", "-i", yolo.toString(), "-o", dataset, "--layout", "yolo");
        assertEquals(0, ingest.exitCode(), ingest.describe());
        JsonNode summary = JSON.readTree(Path.of(dataset, "_ingest_summary.json").toFile());
        assertEquals(1, summary.path("rowsQuarantined").asLong(), "the corrupt file: " + summary);
        assertEquals(summary.path("rowsIn").asLong(), summary.path("rowsWritten").asLong() + 1, summary.toString());
        var phone = spark.read().parquet(dataset).filter("id like '%phone-0%'").select("width", "height", "image")
                .collectAsList();
        assertEquals(1, phone.size(), "the phone photo is kept");
        assertEquals(64, phone.get(0).getInt(0), "stored upright: width");
        assertEquals(48, phone.get(0).getInt(1), "stored upright: height");
        Mat back = Imgcodecs.imdecode(new MatOfByte((byte[]) phone.get(0).get(2)), Imgcodecs.IMREAD_COLOR);
        assertTrue(back.get(28, 20)[0] > 200 && back.get(10, 50)[0] < 150,
                "the labelled block is where its box says in the stored (upright) pixels");

        Console train = run("train", "-d", dataset, "-o", dir.resolve("yolo-model").toString(), "--epochs", "1");
        assertEquals(0, train.exitCode(), train.describe());
        JsonNode model = JSON.readTree(dir.resolve("yolo-model/model.json").toFile());
        // boxes and no image labels: the defaults (model.task = auto) train a detector, and background images are
        // its negatives, trained on and scored, not left out as in classification
        assertEquals("detect", model.path("task").asText());
        assertEquals(0, model.path("backgroundExcluded").size(), model.path("backgroundExcluded").toString());
        long trainRows = spark.read().parquet(dataset).filter("split = 'train'").count();
        assertEquals(trainRows, model.path("history").get(0).path("samples").asLong(),
                "every train row streamed, the " + removed + " background images among them");
        assertTrue(model.path("testDetection").has("AP"), model.toString());
        assertTrue(Files.exists(dir.resolve("yolo-model/coco/test-ground-truth.json")));
        assertEquals("letterbox", model.path("resize").asText(), "images with boxes: letterbox");
    }

    /** A smooth picture: a disc (class 0) or a square (class 1) on a coloured ground. */
    private static Mat picture(int cls, int w, int h, SplittableRandom rng) {
        Mat m = new Mat(h, w, CvType.CV_8UC3, new Scalar(60 + rng.nextInt(80), 90, 120));
        int r = Math.min(w, h) / 4;
        Point c = new Point(w / 2.0, h / 2.0);
        if (cls == 0) {
            Imgproc.circle(m, c, r, new Scalar(230, 230, 230), -1);
        } else {
            Imgproc.rectangle(m, new Point(c.x - r, c.y - r), new Point(c.x + r, c.y + r), new Scalar(20, 20, 20), -1);
        }
        return m;
    }

    private static byte[] encode(String ext, Mat m) {
        MatOfByte out = new MatOfByte();
        Imgcodecs.imencode(ext, m, out);
        return out.toArray();
    }

    /**
     * The JPEG with an APP1 "Exif" segment right after SOI holding one IFD with the Orientation tag, as a phone writes
     * it (little-endian TIFF header, one entry, no next directory).
     */
    static byte[] withOrientation(byte[] jpeg, int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(26).order(ByteOrder.LITTLE_ENDIAN);
        tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8) // header, IFD0 at 8
                .putShort((short) 1) // one entry
                .putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0)
                .putInt(0); // no next directory
        byte[] exif = tiff.array();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xD8);
        int length = 2 + 6 + exif.length;
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes("Exif\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        out.writeBytes(exif);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private static void write(Path file, String ext, byte[] bytes) throws IOException {
        Path target = file.resolveSibling(file.getFileName() + ext);
        Files.createDirectories(target.getParent());
        Files.write(target, bytes);
    }
}
