package io.augflow.augment.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.augflow.augment.NoiseImages;
import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

class ToTensorTest {
    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    private static Sample sample(Mat image) {
        return new Sample("t", image, List.of(), Sample.NO_LABEL);
    }

    @Test
    void colourGivesNormalisedRgbInChwOrder() {
        Mat bgr = NoiseImages.noise(3, 4, 3, 8); // 3 rows, 4 columns
        double[] mean = {0.485, 0.456, 0.406};
        double[] std = {0.229, 0.224, 0.225};
        float[] t = new ToTensor(mean, std).apply(sample(bgr));
        assertEquals(3 * 3 * 4, t.length);
        for (int c = 0; c < 3; c++) {          // RGB output channel
            int bgrChannel = 2 - c;
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 4; x++) {
                    double in = bgr.get(y, x)[bgrChannel];
                    double expected = (in / 255.0 - mean[c]) / std[c];
                    assertEquals(expected, t[c * 12 + y * 4 + x], 1e-5, "c=" + c + " y=" + y + " x=" + x);
                }
            }
        }
        assertArrayEquals(new int[] {3, 3, 4}, ToTensor.IMAGENET.shape(sample(bgr)));
    }

    @Test
    void greyGivesOneChannelScaledToUnit() {
        Mat grey = NoiseImages.noise(5, 2, 1, 3);
        float[] t = ToTensor.UNIT.apply(sample(grey));
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 2; x++) {
                assertEquals(grey.get(y, x)[0] / 255.0, t[y * 2 + x], 1e-7);
            }
        }
        assertArrayEquals(new int[] {1, 5, 2}, ToTensor.UNIT.shape(sample(grey)));
    }

    @Test
    void writesAtAnOffsetWithoutTouchingTheRest() {
        Sample s = sample(NoiseImages.noise(4, 4, 3, 1));
        float[] batch = new float[2 * 48 + 5];
        Arrays.fill(batch, -7f);
        ToTensor.IMAGENET.apply(s, batch, 48 + 5);
        float[] alone = ToTensor.IMAGENET.apply(s);
        assertArrayEquals(alone, Arrays.copyOfRange(batch, 53, 101));
        for (int i = 0; i < 53; i++) {
            assertEquals(-7f, batch[i]);
        }
        assertThrows(IllegalArgumentException.class, () -> ToTensor.IMAGENET.apply(s, batch, 60));
    }

    @Test
    void rejectsStatisticsThatDoNotFit() {
        assertEquals("to-tensor.std must be > 0, got [0.2, 0.0, 0.2]", assertThrows(IllegalArgumentException.class,
                () -> new ToTensor(new double[] {0, 0, 0}, new double[] {0.2, 0, 0.2})).getMessage());
        Sample grey = sample(NoiseImages.noise(2, 2, 1, 1));
        assertEquals("to-tensor has 3 mean/std values but sample 't' has 1 channel(s)",
                assertThrows(IllegalArgumentException.class, () -> ToTensor.IMAGENET.apply(grey)).getMessage());
    }
}
