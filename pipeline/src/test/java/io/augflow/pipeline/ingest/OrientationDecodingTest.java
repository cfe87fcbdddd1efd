package io.augflow.pipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.augflow.augment.OpenCv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Rect;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Pins what this OpenCV build does with orientation, which {@link UprightDecoder} relies on: with
 * {@code IMREAD_IGNORE_ORIENTATION}, JPEG and PNG come out as stored (and without it, turned); the TIFF decoder
 * applies the Orientation tag either way; WebP's EXIF chunk is never applied. An OpenCV upgrade that changes one of
 * these fails here first.
 */
class OrientationDecodingTest {
    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    private static Rect decodedBlock(byte[] bytes, int flags) {
        Mat m = Imgcodecs.imdecode(new MatOfByte(bytes), flags);
        Rect r = OrientedScene.brightRegion(m);
        m.release();
        return r;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void jpegAndPngAreStoredWithTheFlagAndTurnedWithout(int o) {
        Mat stored = OrientedScene.stored(o, 3);
        byte[] block = TestExif.block(o, o % 2 == 0);
        byte[] png = TestExif.inPng(TestImages.encode(".png", stored), block);
        byte[] jpeg = TestExif.inJpeg(TestImages.encode(".jpg", stored), block);
        for (byte[] file : new byte[][] {png, jpeg}) {
            assertEquals(OrientedScene.storedBlock(o), decodedBlock(file, UprightDecoder.FLAGS), "with the flag, o=" + o);
            assertEquals(OrientedScene.BLOCK, decodedBlock(file, Imgcodecs.IMREAD_COLOR), "training's flags, o=" + o);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void theTiffDecoderTurnsByItsOrientationTagEvenWithTheFlag(int o) {
        for (boolean bigEndian : new boolean[] {false, true}) {
            for (int channels : new int[] {1, 3}) {
                byte[] tiff = TestTiff.encode(OrientedScene.stored(o, channels), bigEndian, o);
                assertEquals(OrientedScene.BLOCK, decodedBlock(tiff, UprightDecoder.FLAGS),
                        "o=" + o + (bigEndian ? " MM " : " II ") + channels + " channels");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 6})
    void webpExifIsNeverAppliedByOpenCv(int o) {
        Mat stored = OrientedScene.stored(o, 3);
        byte[] webp = TestExif.inWebp(TestImages.encode(".webp", stored), stored.cols(), stored.rows(),
                TestExif.block(o, false));
        assertEquals(OrientedScene.storedBlock(o), decodedBlock(webp, UprightDecoder.FLAGS));
        assertEquals(OrientedScene.storedBlock(o), decodedBlock(webp, Imgcodecs.IMREAD_COLOR));
    }
}
