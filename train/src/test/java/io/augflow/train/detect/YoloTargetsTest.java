package io.augflow.train.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.Box;
import io.augflow.augment.InvalidSampleException;
import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.augment.tensor.ToTensor;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

class YoloTargetsTest {
    private static final YoloTargets TARGETS = new YoloTargets(8, 2); // 32x32 input -> 4x4 grid, 6 channels

    @BeforeAll
    static void load() {
        OpenCv.load();
    }

    /** The expected [6, 4, 4] array: zeros except one cell. */
    private static float[] oneObject(int row, int col, float x1, float y1, float x2, float y2, int classId) {
        float[] expected = new float[6 * 16];
        int cell = row * 4 + col;
        expected[cell] = x1;
        expected[16 + cell] = y1;
        expected[32 + cell] = x2;
        expected[48 + cell] = y2;
        expected[(4 + classId) * 16 + cell] = 1f;
        return expected;
    }

    @Test
    void oneBoxIsWrittenInItsCentreCellInGridUnits() {
        // x 10..16, y 2..14: centre (13, 8) -> col floor(13/8) = 1, row floor(8/8) = 1; corners / 8.
        YoloTargets.Encoded e = TARGETS.encode("s", List.of(new Box(1, 10, 2, 6, 12)), 32, 32);
        assertArrayEquals(oneObject(1, 1, 1.25f, 0.25f, 2.0f, 1.75f, 1), e.labels(), 0f);
        assertEquals(4, e.gridHeight());
        assertEquals(4, e.gridWidth());
        assertEquals(1, e.objects());
        assertEquals(0, e.dropped());
        INDArray a = e.array();
        assertArrayEquals(new long[] {6, 4, 4}, a.shape());
        assertEquals(2.0, a.getDouble(2, 1, 1), 0);
        assertEquals(1.0, a.getDouble(5, 1, 1), 0);
    }

    @Test
    void boxesAreClippedToTheImageAndEmptyOnesSkipped() {
        // x -4..8 -> 0..8, y 20..40 -> 20..32: centre (4, 26) -> row 3, col 0.
        List<Box> boxes = List.of(new Box(0, -4, 20, 12, 20), new Box(1, 40, 0, 5, 5), new Box(1, 3, 3, 0, 4));
        YoloTargets.Encoded e = TARGETS.encode("s", boxes, 32, 32);
        assertArrayEquals(oneObject(3, 0, 0f, 2.5f, 1f, 4f, 0), e.labels(), 0f);
        assertEquals(1, e.objects());
        assertEquals(2, e.degenerate());
    }

    @Test
    void theSmallerOfTwoBoxesSharingACellKeepsItWhicheverComesFirst() {
        Box big = new Box(0, 0, 0, 16, 16);   // centre (8, 8) -> cell (1, 1)
        Box small = new Box(1, 9, 9, 6, 6);   // centre (12, 12) -> cell (1, 1)
        float[] expected = oneObject(1, 1, 9 / 8f, 9 / 8f, 15 / 8f, 15 / 8f, 1);
        for (List<Box> order : List.of(List.of(big, small), List.of(small, big))) {
            YoloTargets.Encoded e = TARGETS.encode("s", order, 32, 32);
            assertArrayEquals(expected, e.labels(), 0f, order.toString());
            assertEquals(1, e.objects());
            assertEquals(1, e.dropped());
        }
        // Equal areas: the first listed keeps the cell.
        Box other = new Box(0, 10, 10, 6, 6);
        YoloTargets.Encoded e = TARGETS.encode("s", List.of(other, small), 32, 32);
        assertArrayEquals(oneObject(1, 1, 10 / 8f, 10 / 8f, 2f, 2f, 0), e.labels(), 0f);
    }

    @Test
    void backgroundIsAllZeros() {
        YoloTargets.Encoded e = TARGETS.encode("bg", List.of(), 32, 16);
        assertEquals(6 * 2 * 4, e.labels().length);
        for (float v : e.labels()) {
            assertEquals(0f, v);
        }
        assertEquals(0, e.objects());
    }

    @Test
    void badClassAndBadSizeAreClearErrors() {
        InvalidSampleException bad = assertThrows(InvalidSampleException.class,
                () -> TARGETS.encode("img-7", List.of(new Box(2, 0, 0, 4, 4)), 32, 32));
        assertEquals("sample 'img-7': box class 2 is outside [0, 2)", bad.getMessage());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> TARGETS.encode("s", List.of(), 36, 32));
        assertTrue(size.getMessage().contains("model.input-size") && size.getMessage().contains("36x32"),
                size.getMessage());
    }

    @Test
    void batchPacksFeaturesLikeSampleBatchAndLabelsPerSample() {
        Sample white = new Sample("w", new Mat(16, 24, CvType.CV_8UC3, new Scalar(255, 255, 255)),
                List.of(new Box(0, 1, 1, 6, 4)), Sample.NO_LABEL); // centre (4, 3) -> cell (0, 0)
        Sample black = new Sample("b", new Mat(16, 24, CvType.CV_8UC3, new Scalar(0, 0, 0)), List.of(),
                Sample.NO_LABEL);
        YoloTargets.Batch batch = TARGETS.batch(List.of(white, black), ToTensor.UNIT);
        INDArray x = batch.dataSet().getFeatures();
        INDArray y = batch.dataSet().getLabels();
        assertArrayEquals(new long[] {2, 3, 16, 24}, x.shape());
        assertArrayEquals(new long[] {2, 6, 2, 3}, y.shape());
        assertEquals(1.0, x.getDouble(0, 2, 15, 23), 1e-6);
        assertEquals(0.0, x.getDouble(1, 0, 0, 0), 1e-6);
        assertEquals(1 / 8.0, y.getDouble(0, 0, 0, 0), 1e-7);
        assertEquals(1 / 8.0, y.getDouble(0, 1, 0, 0), 1e-7);
        assertEquals(7 / 8.0, y.getDouble(0, 2, 0, 0), 1e-7);
        assertEquals(5 / 8.0, y.getDouble(0, 3, 0, 0), 1e-7);
        assertEquals(1.0, y.getDouble(0, 4, 0, 0), 0);
        assertEquals(1 / 8.0 + 1 / 8.0 + 7 / 8.0 + 5 / 8.0 + 1, y.slice(0).sumNumber().doubleValue(), 1e-6);
        assertEquals(0.0, y.slice(1).sumNumber().doubleValue(), 0, "background: all zeros");
        assertEquals(1, batch.objects());
        assertEquals(0, batch.dropped());

        Sample odd = new Sample("odd", new Mat(8, 24, CvType.CV_8UC3, new Scalar(0, 0, 0)), List.of(), Sample.NO_LABEL);
        InvalidSampleException e = assertThrows(InvalidSampleException.class,
                () -> TARGETS.batch(List.of(white, odd), ToTensor.UNIT));
        assertTrue(e.getMessage().contains("'odd'"), e.getMessage());
    }
}
