package io.augflow.pipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.OpenCv;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageHeaderTest {
    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    @ParameterizedTest
    @CsvSource({".png,1,1", ".png,3,3", ".png,4,4", ".jpg,1,1", ".jpg,3,3", ".bmp,3,3", ".bmp,1,1"})
    void readsSizeAndChannelsOfEncodedImages(String ext, int channels, int expectedChannels) {
        SplittableRandom rng = new SplittableRandom(ext.hashCode() + channels);
        for (int i = 0; i < 10; i++) {
            int w = 1 + rng.nextInt(300);
            int h = 1 + rng.nextInt(300);
            byte[] bytes = TestImages.encode(ext, TestImages.noise(w, h, channels));
            ImageHeader header = ImageHeader.read(bytes);
            assertEquals(w, header.width(), ext);
            assertEquals(h, header.height(), ext);
            assertEquals(expectedChannels, header.channels(), ext);
            assertTrue(header.isComplete(bytes), ext);
        }
    }

    @Test
    void readsABombHeaderWithoutDecoding() {
        byte[] bomb = TestImages.pngBombHeader(100_000, 100_000);
        ImageHeader header = ImageHeader.read(bomb);
        assertEquals(ImageFormat.PNG, header.format());
        assertEquals(10_000_000_000L, header.pixels());
    }

    @Test
    void truncatedFilesAreNotComplete() {
        for (byte[] whole : new byte[][] {TestImages.png(40, 30, 3), TestImages.jpeg(40, 30),
            TestImages.encode(".bmp", TestImages.noise(40, 30, 3))}) {
            byte[] cut = TestImages.truncate(whole, 0.6);
            assertFalse(ImageHeader.read(cut).isComplete(cut));
        }
    }

    @Test
    void clearErrorsForEmptyUnknownTruncatedAndUnsupported() {
        assertEquals(QuarantineReason.EMPTY_FILE, reasonOf(new byte[0]));
        assertEquals(QuarantineReason.UNDECODABLE, reasonOf("hello, world".getBytes()));
        for (int length : new int[] {5, 20}) {
            byte[] headOnly = java.util.Arrays.copyOf(TestImages.png(10, 10, 1), length);
            ImageHeaderException e = assertThrows(ImageHeaderException.class, () -> ImageHeader.read(headOnly));
            assertTrue(e.getMessage().contains("PNG truncated"), e.getMessage());
            assertEquals(QuarantineReason.UNDECODABLE, e.reason());
        }
        assertEquals(QuarantineReason.UNSUPPORTED_FORMAT, reasonOf("GIF89a\u0001\u0000".getBytes()));
    }

    @Test
    void webpLossyLosslessAndExtendedGiveTheirSize() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 10; i++) {
            int w = 1 + rng.nextInt(300);
            int h = 1 + rng.nextInt(300);
            byte[] lossy = TestImages.webp(w, h, false);
            byte[] lossless = TestImages.webp(w, h, true);
            assertEquals("VP8 ", new String(lossy, 12, 4, java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals("VP8L", new String(lossless, 12, 4, java.nio.charset.StandardCharsets.US_ASCII));
            byte[] extended = TestExif.inWebp(lossy, w, h, null);
            for (byte[] b : new byte[][] {lossy, lossless, extended}) {
                ImageHeader header = ImageHeader.read(b);
                assertEquals(ImageFormat.WEBP, header.format());
                assertEquals(w, header.width());
                assertEquals(h, header.height());
                assertTrue(header.isComplete(b));
            }
        }
    }

    @Test
    void tiffInBothByteOrdersGivesItsSizeAndChannels() {
        SplittableRandom rng = new SplittableRandom(4);
        for (int i = 0; i < 10; i++) {
            int w = 1 + rng.nextInt(200);
            int h = 1 + rng.nextInt(200);
            int channels = rng.nextBoolean() ? 1 : 3;
            for (boolean bigEndian : new boolean[] {false, true}) {
                byte[] tiff = TestTiff.encode(TestImages.noise(w, h, channels), bigEndian, 0);
                ImageHeader header = ImageHeader.read(tiff);
                assertEquals(ImageFormat.TIFF, header.format());
                assertEquals(w, header.width());
                assertEquals(h, header.height());
                assertEquals(channels, header.channels());
                assertTrue(header.isComplete(tiff));
            }
        }
        byte[] openCvTiff = TestImages.encode(".tiff", TestImages.noise(33, 21, 3)); // LZW, little-endian
        ImageHeader header = ImageHeader.read(openCvTiff);
        assertEquals(33, header.width());
        assertEquals(21, header.height());
        assertTrue(header.isComplete(openCvTiff));
    }

    @Test
    void hugeWebpAndTiffHeadersAreReadWithoutDecoding() {
        assertEquals(16383L * 16383, ImageHeader.read(TestImages.webpBombHeader(16383, 16383, "VP8 ")).pixels());
        assertEquals(16384L * 16384, ImageHeader.read(TestImages.webpBombHeader(16384, 16384, "VP8L")).pixels());
        assertEquals((1L << 24) * (1L << 24), ImageHeader.read(TestImages.webpBombHeader(1 << 24, 1 << 24, "VP8X"))
                .pixels());
        assertEquals(10_000_000_000L, ImageHeader.read(TestTiff.encode(TestImages.noise(4, 4, 1), true, 0, 100_000,
                100_000)).pixels());
        ImageHeaderException e = assertThrows(ImageHeaderException.class, () -> ImageHeader.read(
                TestTiff.encode(TestImages.noise(4, 4, 1), false, 0, 3_000_000_000L, 2)));
        assertEquals(QuarantineReason.TOO_LARGE, e.reason());
        assertTrue(e.getMessage().contains("3000000000x2"), e.getMessage());
    }

    @Test
    void truncatedWebpAndTiffAreNotComplete() {
        byte[] webp = TestImages.webp(60, 40, false);
        byte[] cut = TestImages.truncate(webp, 0.7);
        assertEquals("its RIFF header declares " + webp.length + " bytes", ImageHeader.read(cut).truncation(cut)
                .orElseThrow());
        for (boolean bigEndian : new boolean[] {false, true}) {
            byte[] tiff = TestTiff.encode(TestImages.noise(30, 30, 3), bigEndian, 0);
            byte[] tiffCut = TestImages.truncate(tiff, 0.8);
            String missing = ImageHeader.read(tiffCut).truncation(tiffCut).orElseThrow();
            assertTrue(missing.startsWith("strip 2 (bytes "), missing);
        }
    }

    @Test
    void recognisedFormatsOpenCvCannotReadNameTheFormatAndWhatIsAccepted() {
        ImageHeaderException gif = assertThrows(ImageHeaderException.class,
                () -> ImageHeader.read("GIF89a\u0001\u0000\u0001\u0000".getBytes()));
        assertEquals(QuarantineReason.UNSUPPORTED_FORMAT, gif.reason());
        assertEquals("GIF images are not supported by this OpenCV build (accepted: PNG, JPEG, BMP, WebP, TIFF)",
                gif.getMessage());
        byte[] heic = {0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0, 'm', 'i', 'f', '1', 'h', 'e',
            'i', 'c'};
        byte[] avif = {0, 0, 0, 20, 'f', 't', 'y', 'p', 'a', 'v', 'i', 'f', 0, 0, 0, 0, 'm', 'i', 'f', '1'};
        byte[] bigTiff = {'I', 'I', 43, 0, 8, 0, 0, 0};
        byte[] mp4 = {0, 0, 0, 20, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 0, 0, 'm', 'p', '4', '1'};
        assertTrue(message(heic).startsWith("HEIF/HEIC images are not supported by this OpenCV build"), message(heic));
        assertTrue(message(avif).startsWith("AVIF images are not supported"), message(avif));
        assertTrue(message(bigTiff).startsWith("BigTIFF images are not accepted"), message(bigTiff));
        assertEquals(QuarantineReason.UNSUPPORTED_FORMAT, reasonOf(heic));
        assertEquals(QuarantineReason.UNDECODABLE, reasonOf(mp4), "a video is not an image format");
        ImageHeaderException animated = assertThrows(ImageHeaderException.class,
                () -> ImageHeader.read(TestImages.webpBombHeader(10, 10, "ANIM")));
        assertEquals(QuarantineReason.UNSUPPORTED_FORMAT, animated.reason());
        assertTrue(animated.getMessage().startsWith("animated WebP"), animated.getMessage());
    }

    private static String message(byte[] bytes) {
        return assertThrows(ImageHeaderException.class, () -> ImageHeader.read(bytes)).getMessage();
    }

    private static QuarantineReason reasonOf(byte[] bytes) {
        return assertThrows(ImageHeaderException.class, () -> ImageHeader.read(bytes)).reason();
    }
}
