package io.augflow.augment;

import java.util.SplittableRandom;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/** Test images: uniform 8-bit noise from a seed (not OpenCV's global RNG), and byte access. */
public final class NoiseImages {
    private NoiseImages() {}

    public static Mat noise(int rows, int cols, int channels, long seed) {
        byte[] data = new byte[rows * cols * channels];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) rng.nextInt(256);
        }
        Mat m = new Mat(rows, cols, CvType.CV_8UC(channels));
        m.put(0, 0, data);
        return m;
    }

    public static byte[] bytes(Mat m) {
        Mat c = m.isContinuous() ? m : m.clone();
        byte[] data = new byte[(int) c.total() * c.channels()];
        c.get(0, 0, data);
        return data;
    }

    /** The unsigned value at (row, col, channel). */
    public static int at(Mat m, int row, int col, int channel) {
        return (int) m.get(row, col)[channel];
    }
}
