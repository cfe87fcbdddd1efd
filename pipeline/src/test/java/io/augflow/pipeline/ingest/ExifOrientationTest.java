package io.augflow.pipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.OpenCv;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading the EXIF orientation from JPEG, PNG and WebP, both byte orders, and refusing hostile EXIF blocks. */
class ExifOrientationTest {
    private static final CandidateValidator VALIDATOR = new CandidateValidator(1_000_000, true, 0.5, 3);

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    private static byte[] jpeg() {
        return TestImages.jpeg(40, 30);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsEveryOrientationFromJpegPngAndWebpInBothByteOrders(boolean bigEndian) {
        byte[] png = TestImages.png(40, 30, 3);
        byte[] webp = TestImages.encode(".webp", TestImages.noise(40, 30, 3));
        for (int o = 1; o <= 8; o++) {
            byte[] block = TestExif.block(o, bigEndian);
            ImageHeader j = ImageHeader.read(TestExif.inJpeg(jpeg(), block));
            ImageHeader p = ImageHeader.read(TestExif.inPng(png, block));
            ImageHeader w = ImageHeader.read(TestExif.inWebp(webp, 40, 30, block));
            for (ImageHeader h : List.of(j, p, w)) {
                assertEquals(o, h.orientation().exifValue(), h.format() + " orientation " + o);
                assertEquals(40, h.width(), "the stored size");
                assertEquals(o >= 5 ? 30 : 40, h.uprightWidth(), "the size as shown");
                assertEquals(o >= 5 ? 40 : 30, h.uprightHeight());
            }
        }
    }

    @Test
    void filesWithoutExifOrWithAnOutOfRangeValueAreNormal() {
        assertEquals(Orientation.NORMAL, ImageHeader.read(jpeg()).orientation());
        assertEquals(Orientation.NORMAL, ImageHeader.read(TestImages.png(4, 4, 1)).orientation());
        for (int v : new int[] {0, 9, 1000}) {
            assertEquals(Orientation.NORMAL, ImageHeader.read(TestExif.inJpeg(jpeg(), TestExif.block(v, false)))
                    .orientation(), "value " + v);
        }
    }

    @Test
    void theExifApp1IsFoundBehindAnotherApp1() {
        byte[] xmp = "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] withExif = TestExif.inJpeg(jpeg(), TestExif.block(6, true));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xD8);
        out.write(0xFF);
        out.write(0xE1);
        out.write((xmp.length + 2) >> 8);
        out.write((xmp.length + 2) & 0xFF);
        out.writeBytes(xmp);
        out.write(withExif, 2, withExif.length - 2);
        assertEquals(Orientation.ROTATE_90_CW, ImageHeader.read(out.toByteArray()).orientation());
    }

    /** Offsets of the phone-like block of {@link TestExif#block}: IFD0 at 8 (3 entries), IFD0's next at 46. */
    private static Map<String, byte[]> hostileBlocks(boolean bigEndian) {
        byte[] good = TestExif.block(6, bigEndian);
        byte[] badMark = good.clone();
        badMark[0] = 'X';
        return Map.ofEntries(
                Map.entry("IFD0 offset past the end", TestExif.patch32(good, 4, 5000)),
                Map.entry("IFD0 offset near 2^32", TestExif.patch32(good, 4, 0xFFFFFFF0L)),
                Map.entry("no IFD0", TestExif.patch32(good, 4, 0)),
                Map.entry("IFD0 inside the header", TestExif.patch32(good, 4, 2)),
                Map.entry("65535 entries", TestExif.patch16(good, 8, 65535)),
                Map.entry("IFD0 -> IFD0 loop", TestExif.patch32(good, 46, 8)),
                Map.entry("IFD0 -> IFD1 -> IFD0 loop", TestExif.block(6, bigEndian, 8)),
                Map.entry("bad byte-order mark", badMark),
                Map.entry("magic 43", TestExif.patch16(good, 2, 43)),
                Map.entry("cut inside IFD0", Arrays.copyOf(good, 20)),
                Map.entry("cut inside the header", Arrays.copyOf(good, 5)),
                Map.entry("17 directories", longChain(17, bigEndian)));
    }

    /** A block whose IFD chain has {@code n} empty directories, one after the other. */
    private static byte[] longChain(int n, boolean bigEndian) {
        ByteBuffer bb = ByteBuffer.allocate(8 + 6 * n).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        bb.put(bigEndian ? (byte) 'M' : (byte) 'I').put(bigEndian ? (byte) 'M' : (byte) 'I').putShort((short) 42)
                .putInt(8);
        for (int i = 0; i < n; i++) {
            bb.putShort((short) 0).putInt(i == n - 1 ? 0 : 8 + 6 * (i + 1));
        }
        return bb.array();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void hostileExifBlocksAreUndecodableNotThrown(boolean bigEndian) {
        assertEquals(Orientation.NORMAL, ImageHeader.read(TestExif.inJpeg(jpeg(), longChain(16, bigEndian)))
                .orientation(), "16 directories are still fine");
        byte[] png = TestImages.png(40, 30, 3);
        byte[] webp = TestImages.encode(".webp", TestImages.noise(40, 30, 3));
        hostileBlocks(bigEndian).forEach((what, block) -> {
            for (byte[] file : List.of(TestExif.inJpeg(jpeg(), block), TestExif.inPng(png, block),
                    TestExif.inWebp(webp, 40, 30, block))) {
                ImageHeaderException e = assertThrows(ImageHeaderException.class, () -> ImageHeader.read(file), what);
                assertEquals(QuarantineReason.UNDECODABLE, e.reason(), what);
                assertTrue(e.getMessage().startsWith("EXIF block: "), what + ": " + e.getMessage());
                Validation v = VALIDATOR.validate(candidate(file));
                assertEquals(QuarantineReason.UNDECODABLE, v.reason(), what);
                assertEquals(e.getMessage(), v.detail(), "the quarantine names the problem: " + what);
            }
        });
    }

    @Test
    void aStaleThumbnailPointerPastTheBlockIsTolerated() {
        // IFD0's next-directory offset points past the block (an editor dropped the thumbnail): IFD0 is sound
        for (long stale : new long[] {100_000, 0xFFFFFFF0L, 90}) {
            byte[] block = TestExif.patch32(TestExif.block(8, true), 46, stale);
            assertEquals(Orientation.ROTATE_90_CCW, ImageHeader.read(TestExif.inJpeg(jpeg(), block)).orientation(),
                    "stale pointer " + stale);
        }
    }

    @Test
    void theHostileMessagesNameTheProblem() {
        Map<String, byte[]> hostile = hostileBlocks(false);
        assertEquals("EXIF block: directory chain loops back to offset 8", message(hostile.get("IFD0 -> IFD1 -> IFD0 loop")));
        assertEquals("EXIF block: directory chain loops back to offset 8", message(hostile.get("IFD0 -> IFD0 loop")));
        assertEquals("EXIF block: has more than 16 directories", message(hostile.get("17 directories")));
        assertEquals("EXIF block: byte-order mark must be II or MM, found 58 49", message(hostile.get("bad byte-order mark")));
        assertTrue(message(hostile.get("IFD0 offset near 2^32")).contains("needs bytes 4294967280.."),
                message(hostile.get("IFD0 offset near 2^32")));
    }

    private static String message(byte[] block) {
        return assertThrows(ImageHeaderException.class, () -> ImageHeader.read(TestExif.inJpeg(jpeg(), block)))
                .getMessage();
    }

    private static Candidate candidate(byte[] bytes) {
        return new Candidate("c", "/in/c.jpg", "train", 0, List.of(), RawBox.Units.PIXELS_XYWH, bytes, 0, null, null);
    }

    /**
     * Random damage to the EXIF area of a JPEG, the header of a TIFF and the chunks of a WebP: the header reader
     * either reads or throws {@link ImageHeaderException}, and the validator always gives a verdict.
     */
    @Test
    void randomDamageNeverEscapesAsAnotherException() {
        SplittableRandom rng = new SplittableRandom(17);
        byte[] jpeg = TestExif.inJpeg(jpeg(), TestExif.block(6, false));
        byte[] tiff = TestTiff.encode(TestImages.noise(20, 10, 3), true, 6);
        byte[] webp = TestExif.inWebp(TestImages.encode(".webp", TestImages.noise(20, 10, 3)), 20, 10,
                TestExif.block(3, true));
        for (byte[] original : List.of(jpeg, tiff, webp)) {
            for (int i = 0; i < 1500; i++) {
                byte[] damaged = original.clone();
                int changes = 1 + rng.nextInt(4);
                for (int k = 0; k < changes; k++) {
                    int at = 4 + rng.nextInt(Math.min(150, damaged.length - 4)); // keep the magic bytes
                    damaged[at] = (byte) (rng.nextBoolean() ? rng.nextInt(256) : damaged[at] ^ 0x80);
                }
                if (rng.nextInt(5) == 0) {
                    damaged = Arrays.copyOf(damaged, 8 + rng.nextInt(damaged.length - 8));
                }
                byte[] input = damaged;
                try {
                    ImageHeader h = ImageHeader.read(input);
                    h.truncation(input);
                } catch (ImageHeaderException expected) {
                    // a verdict
                }
                Validation v = VALIDATOR.validate(candidate(input));
                // the validator's last resort catches anything; a Java runtime exception there is a reader bug
                assertTrue(v.isOk() || !v.detail().contains("java.lang."), "a reader bug, not a verdict: " + v.detail());
            }
        }
    }
}
