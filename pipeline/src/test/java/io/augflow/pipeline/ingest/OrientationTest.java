package io.augflow.pipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.OpenCv;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/** The eight orientations as a pure function, against the coordinate table worked out pixel by pixel here. */
class OrientationTest {
    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    /** Where raw pixel (x, y) of a W x H image lands upright: the EXIF definitions, written out independently. */
    private static int[] expectedTarget(int o, int x, int y, int w, int h) {
        return switch (o) {
            case 1 -> new int[] {x, y};
            case 2 -> new int[] {w - 1 - x, y};
            case 3 -> new int[] {w - 1 - x, h - 1 - y};
            case 4 -> new int[] {x, h - 1 - y};
            case 5 -> new int[] {y, x};
            case 6 -> new int[] {h - 1 - y, x};
            case 7 -> new int[] {h - 1 - y, w - 1 - x};
            case 8 -> new int[] {y, w - 1 - x};
            default -> throw new IllegalArgumentException();
        };
    }

    @ParameterizedTest
    @EnumSource(Orientation.class)
    void everyPixelLandsWhereTheExifDefinitionSays(Orientation o) {
        int w = 7;
        int h = 4;
        SplittableRandom rng = new SplittableRandom(o.exifValue());
        for (int channels : new int[] {1, 3}) {
            Mat raw = new Mat(h, w, CvType.CV_8UC(channels));
            byte[] values = new byte[w * h * channels];
            rng.nextBytes(values);
            raw.put(0, 0, values);

            Mat up = o.upright(raw);
            assertEquals(o.uprightWidth(w, h), up.cols());
            assertEquals(o.uprightHeight(w, h), up.rows());
            assertEquals(o.swapsAxes() ? h : w, up.cols(), "orientations 5-8 swap the sides");
            assertEquals(channels, up.channels());
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int[] t = expectedTarget(o.exifValue(), x, y, w, h);
                    for (int c = 0; c < channels; c++) {
                        assertEquals(raw.get(y, x)[c], up.get(t[1], t[0])[c], o + " raw (" + x + "," + y + ")");
                    }
                }
            }
            assertEquals(w, raw.cols(), "the input is not changed");
            up.release();
            raw.release();
        }
    }

    @Test
    void exifValuesOutsideOneToEightMeanNormal() {
        for (int v = 1; v <= 8; v++) {
            assertEquals(v, Orientation.fromExif(v).exifValue());
        }
        for (int v : new int[] {0, 9, 255, 65535, -1}) {
            assertEquals(Orientation.NORMAL, Orientation.fromExif(v));
        }
        assertFalse(Orientation.ROTATE_180.swapsAxes());
        assertTrue(Orientation.ROTATE_90_CW.swapsAxes());
    }

    @Test
    void theStoredSceneComesOutUprightForEveryOrientation() {
        Mat expected = OrientedScene.upright(3);
        for (int o = 1; o <= 8; o++) {
            Mat up = Orientation.fromExif(o).upright(OrientedScene.stored(o, 3));
            assertEquals(OrientedScene.BLOCK, OrientedScene.brightRegion(up), "orientation " + o);
            assertEquals(0, org.opencv.core.Core.norm(expected, up, org.opencv.core.Core.NORM_INF), "orientation " + o);
        }
    }
}
