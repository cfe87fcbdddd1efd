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

    private static QuarantineReason reasonOf(byte[] bytes) {
        return assertThrows(ImageHeaderException.class, () -> ImageHeader.read(bytes)).reason();
    }
}
