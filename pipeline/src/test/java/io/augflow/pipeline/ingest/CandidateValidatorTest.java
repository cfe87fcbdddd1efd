package io.augflow.pipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.Box;
import io.augflow.augment.OpenCv;
import io.augflow.pipeline.dataset.SampleRows;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/** The per-candidate rules, without Spark. */
class CandidateValidatorTest {
    private static final CandidateValidator VALIDATOR = new CandidateValidator(1_000_000, true, 0.5, 3);

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    private static Candidate candidate(byte[] bytes, Integer label, List<RawBox> boxes, RawBox.Units units) {
        return new Candidate("c", "/in/c.png", "train", label, boxes, units, bytes, 0, null, null);
    }

    private static Validation check(byte[] bytes) {
        return VALIDATOR.validate(candidate(bytes, 0, List.of(), RawBox.Units.PIXELS_XYWH));
    }

    @Test
    void keepsGoodImagesAsTheyCame() {
        byte[] png = TestImages.png(20, 10, 3);
        Validation v = check(png);
        assertTrue(v.isOk(), String.valueOf(v.detail()));
        assertArrayEquals(png, v.image());
        assertEquals(20, v.width());
        assertEquals(10, v.height());
        assertEquals(3, v.channels());
        assertTrue(check(TestImages.jpeg(8, 8)).isOk());
    }

    @Test
    void reducesRgbaToThreeChannelsAndReencodesBmp() {
        assertEquals(3, check(TestImages.png(5, 5, 4)).channels());
        Validation bmp = check(TestImages.encode(".bmp", TestImages.noise(6, 4, 1)));
        assertTrue(bmp.isOk());
        assertEquals(1, bmp.channels());
        assertEquals(ImageFormat.PNG, ImageHeader.read(bmp.image()).format());
        assertEquals(6, Imgcodecs.imdecode(new MatOfByte(bmp.image()), Imgcodecs.IMREAD_GRAYSCALE).cols());
    }

    @Test
    void rejectsBrokenFilesWithTheirReason() {
        SplittableRandom rng = new SplittableRandom(5);
        byte[] random = new byte[500];
        for (int i = 0; i < random.length; i++) {
            random[i] = (byte) rng.nextInt(256);
        }
        random[0] = 7; // not a PNG/JPEG/BMP magic by chance
        assertEquals(QuarantineReason.EMPTY_FILE, check(new byte[0]).reason());
        assertEquals(QuarantineReason.UNDECODABLE, check(random).reason());
        assertEquals(QuarantineReason.UNDECODABLE, check(TestImages.truncate(TestImages.png(60, 60, 3), 0.7)).reason());
        assertEquals(QuarantineReason.UNDECODABLE, check(TestImages.truncate(TestImages.jpeg(60, 60), 0.7)).reason());
        Validation bomb = check(TestImages.pngBombHeader(100_000, 100_000));
        assertEquals(QuarantineReason.TOO_LARGE, bomb.reason());
        assertTrue(bomb.detail().contains("100000x100000"), bomb.detail());
        Candidate notes = new Candidate("n", "/in/cat/notes.txt", "train", 0, List.of(), RawBox.Units.PIXELS_XYWH,
                "a note".getBytes(), 0, null, null);
        assertEquals(QuarantineReason.UNSUPPORTED_FORMAT, VALIDATOR.validate(notes).reason());
    }

    @Test
    void webpAndTiffAreAcceptedAtTheirSizeAndStoredAsPng() {
        for (byte[] file : new byte[][] {TestImages.webp(37, 23, false), TestImages.webp(37, 23, true),
            TestTiff.encode(TestImages.noise(37, 23, 3), false, 0), TestTiff.encode(TestImages.noise(37, 23, 1), true, 0),
            TestImages.encode(".tiff", TestImages.noise(37, 23, 3))}) {
            Validation v = check(file);
            assertTrue(v.isOk(), ImageFormat.sniff(file) + ": " + v.detail());
            assertEquals(37, v.width());
            assertEquals(23, v.height());
            assertEquals(ImageFormat.PNG, ImageHeader.read(v.image()).format(), "the dataset holds PNG and JPEG only");
        }
        byte[] tiff = TestTiff.encode(TestImages.noise(9, 5, 3), true, 0);
        Mat decoded = Imgcodecs.imdecode(new MatOfByte(check(tiff).image()), Imgcodecs.IMREAD_COLOR);
        Mat expected = Imgcodecs.imdecode(new MatOfByte(tiff), Imgcodecs.IMREAD_COLOR);
        assertEquals(0, Core.norm(expected, decoded, Core.NORM_INF), "lossless");
    }

    @Test
    void webpAndTiffBombsAreTooLargeBeforeDecoding() {
        for (byte[] bomb : new byte[][] {TestImages.webpBombHeader(16383, 16383, "VP8 "),
            TestImages.webpBombHeader(16384, 16384, "VP8L"), TestImages.webpBombHeader(1 << 24, 1 << 24, "VP8X"),
            TestTiff.encode(TestImages.noise(4, 4, 1), true, 0, 100_000, 100_000),
            TestTiff.encode(TestImages.noise(4, 4, 3), false, 0, 5000, 5000)}) {
            Validation v = check(bomb);
            assertEquals(QuarantineReason.TOO_LARGE, v.reason(), v.detail());
            assertTrue(v.detail().contains("max-pixels is 1000000"), v.detail());
        }
    }

    @Test
    void gifAndOtherUnreadableFormatsAreUnsupportedNamingTheFormat() {
        Validation gif = VALIDATOR.validate(new Candidate("g", "/in/cat/anim.gif", "train", 0, List.of(),
                RawBox.Units.PIXELS_XYWH, "GIF89a\u0002\u0000\u0002\u0000\u0000\u0000\u0000;".getBytes(), 0, null, null));
        assertEquals(QuarantineReason.UNSUPPORTED_FORMAT, gif.reason());
        assertEquals("GIF images are not supported by this OpenCV build (accepted: PNG, JPEG, BMP, WebP, TIFF)",
                gif.detail());
        Validation notes = VALIDATOR.validate(new Candidate("n", "/in/cat/notes.txt", "train", 0, List.of(),
                RawBox.Units.PIXELS_XYWH, "a note".getBytes(), 0, null, null));
        assertEquals(".txt files are not images augflow reads (png, jpg, jpeg, bmp, webp, tif, tiff)", notes.detail());
        for (String name : new String[] {"x.webp", "x.tif", "x.TIFF"}) {
            Validation broken = VALIDATOR.validate(new Candidate("b", "/in/cat/" + name, "train", 0, List.of(),
                    RawBox.Units.PIXELS_XYWH, "not really".getBytes(), 0, null, null));
            assertEquals(QuarantineReason.UNDECODABLE, broken.reason(), name + " is an image extension");
        }
    }

    @Test
    void truncatedWebpAndTiffAreUndecodable() {
        Validation webp = check(TestImages.truncate(TestImages.webp(60, 40, false), 0.7));
        assertEquals(QuarantineReason.UNDECODABLE, webp.reason());
        assertTrue(webp.detail().startsWith("WebP truncated after "), webp.detail());
        Validation tiff = check(TestImages.truncate(TestTiff.encode(TestImages.noise(30, 30, 3), true, 0), 0.8));
        assertEquals(QuarantineReason.UNDECODABLE, tiff.reason());
        assertTrue(tiff.detail().startsWith("TIFF truncated after ") && tiff.detail().contains("lies past the end"),
                tiff.detail());
    }

    @Test
    void presetReasonsPassThrough() {
        Candidate missing = Candidate.rejected("m", "/in/m.png", "train", QuarantineReason.MISSING_FILE, "gone");
        Validation v = VALIDATOR.validate(missing);
        assertEquals(QuarantineReason.MISSING_FILE, v.reason());
        assertEquals("gone", v.detail());
    }

    @Test
    void labelsOutsideTheClassListAreRejected() {
        byte[] png = TestImages.png(10, 10, 1);
        assertEquals(QuarantineReason.LABEL_OUT_OF_RANGE,
                VALIDATOR.validate(candidate(png, 3, List.of(), RawBox.Units.PIXELS_XYWH)).reason());
        assertEquals(QuarantineReason.LABEL_OUT_OF_RANGE, VALIDATOR.validate(candidate(png, null,
                List.of(new RawBox(7, 1, 1, 2, 2)), RawBox.Units.PIXELS_XYWH)).reason());
        assertTrue(VALIDATOR.validate(candidate(png, null, List.of(), RawBox.Units.PIXELS_XYWH)).isOk());
    }

    @Test
    void boxesAreCheckedClippedOrRejected() {
        byte[] png = TestImages.png(100, 50, 3);
        assertEquals(List.of(new Box(1, 40, 15, 20, 20)), boxesOf(png,
                new RawBox(1, 0.5, 0.5, 0.2, 0.4), RawBox.Units.NORMALISED_CXCYWH));
        assertEquals(QuarantineReason.BAD_BOX, reasonOf(png, new RawBox(0, Double.NaN, 1, 2, 3)));
        assertEquals(QuarantineReason.BAD_BOX, reasonOf(png, new RawBox(0, 10, 10, -2, 3)));
        assertEquals(QuarantineReason.BAD_BOX, reasonOf(png, new RawBox(0, 200, 10, 5, 5)));
        // 80% inside: clipped to the image
        assertEquals(List.of(new Box(0, 90, 10, 10, 10)), boxesOf(png, new RawBox(0, 90, 10, 12.5, 10),
                RawBox.Units.PIXELS_XYWH));
        // 20% inside: quarantined; and with clipping off even 80% inside is
        assertEquals(QuarantineReason.BAD_BOX, reasonOf(png, new RawBox(0, 98, 10, 10, 10)));
        CandidateValidator strict = new CandidateValidator(1_000_000, false, 0.5, 3);
        Validation v = strict.validate(candidate(png, null, List.of(new RawBox(0, 90, 10, 12.5, 10)),
                RawBox.Units.PIXELS_XYWH));
        assertEquals(QuarantineReason.BAD_BOX, v.reason());
        assertTrue(v.detail().contains("clip-boxes is off"), v.detail());
    }

    @Test
    void clippedBoxesAlwaysEndInsideTheImage() {
        SplittableRandom rng = new SplittableRandom(42);
        byte[] png = TestImages.png(64, 48, 1);
        for (int i = 0; i < 300; i++) {
            RawBox raw = new RawBox(rng.nextInt(3), rng.nextDouble(-20, 70), rng.nextDouble(-20, 60),
                    rng.nextDouble(0.5, 40), rng.nextDouble(0.5, 40));
            Validation v = VALIDATOR.validate(candidate(png, null, List.of(raw), RawBox.Units.PIXELS_XYWH));
            if (v.isOk()) {
                Box b = v.boxes().get(0);
                assertTrue(b.isInside(64, 48), b.toString());
                assertTrue(b.area() >= 0.5 * raw.c() * raw.d() - 1e-3, b + " from " + raw);
            } else {
                assertEquals(QuarantineReason.BAD_BOX, v.reason());
            }
        }
    }

    private static List<Box> boxesOf(byte[] png, RawBox raw, RawBox.Units units) {
        Validation v = VALIDATOR.validate(candidate(png, null, List.of(raw), units));
        assertTrue(v.isOk(), String.valueOf(v.detail()));
        return v.boxes();
    }

    private static QuarantineReason reasonOf(byte[] png, RawBox raw) {
        return VALIDATOR.validate(candidate(png, null, List.of(raw), RawBox.Units.PIXELS_XYWH)).reason();
    }

    @Test
    void okRowsDecodeBackToTheSameImage() {
        byte[] png = TestImages.png(9, 7, 3);
        Validation v = check(png);
        assertEquals(9, SampleRows.decode(SampleRows.toRow("c", v.image(), v.width(), v.height(), v.channels(), 0,
                v.boxes(), "train", "s")).width());
    }
}
