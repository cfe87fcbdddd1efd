package io.augflow.augment.testing;

import io.augflow.augment.Box;
import java.util.Optional;
import java.util.SplittableRandom;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.RotatedRect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Images for tests: seeded noise (a non-trivial input any transform must change) and box masks (the
 * pixels a box covers, to check that boxes follow the pixels). Callers must have loaded OpenCV.
 */
public final class TestImages {
    private TestImages() {}

    /** Uniform 8-bit noise from {@code seed}: the same seed always gives the same bytes. */
    public static Mat noise(int width, int height, int channels, long seed) {
        byte[] bytes = new byte[width * height * channels];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < bytes.length; i += 8) {
            long v = rng.nextLong();
            for (int k = 0; k < 8 && i + k < bytes.length; k++) {
                bytes[i + k] = (byte) (v >>> (8 * k));
            }
        }
        Mat mat = new Mat(height, width, CvType.makeType(CvType.CV_8U, channels));
        mat.put(0, 0, bytes);
        return mat;
    }

    /** A 1-channel image, 255 on the pixels of the (integer) box {@code [x, x2) x [y, y2)}, 0 elsewhere. */
    public static Mat boxMask(int width, int height, Box box) {
        Mat mask = Mat.zeros(height, width, CvType.CV_8UC1);
        Imgproc.rectangle(mask, new Point(Math.floor(box.x()), Math.floor(box.y())),
                new Point(Math.ceil(box.x2()) - 1, Math.ceil(box.y2()) - 1), new Scalar(255), Imgproc.FILLED);
        return mask;
    }

    /** A 1-channel image, 255 on the filled ellipse inscribed in the box's pixels, 0 elsewhere. */
    public static Mat ellipseMask(int width, int height, Box box) {
        Mat mask = Mat.zeros(height, width, CvType.CV_8UC1);
        Point centre = new Point(box.x() + box.w() / 2.0 - 0.5, box.y() + box.h() / 2.0 - 0.5);
        Imgproc.ellipse(mask, new RotatedRect(centre, new Size(box.w() - 1, box.h() - 1), 0), new Scalar(255),
                Imgproc.FILLED);
        return mask;
    }

    /** The bounding rectangle of the non-zero pixels of a 1-channel image; empty if all are zero. */
    public static Optional<Rect> nonZeroBounds(Mat mask) {
        if (Core.countNonZero(mask) == 0) {
            return Optional.empty();
        }
        MatOfPoint points = new MatOfPoint();
        Core.findNonZero(mask, points);
        Rect rect = Imgproc.boundingRect(points);
        points.release();
        return Optional.of(rect);
    }

    /** All bytes of a continuous or non-continuous 8-bit image, row by row. */
    public static byte[] bytes(Mat mat) {
        Mat continuous = mat.isContinuous() ? mat : mat.clone();
        byte[] out = new byte[(int) (continuous.total() * continuous.channels())];
        continuous.get(0, 0, out);
        return out;
    }

    /** A random integer box of at least {@code minSide} pixels, inside a {@code width} x {@code height} image. */
    public static Box randomBox(SplittableRandom rng, int width, int height, int minSide, int classId) {
        int w = minSide + rng.nextInt(width - minSide + 1);
        int h = minSide + rng.nextInt(height - minSide + 1);
        int x = rng.nextInt(width - w + 1);
        int y = rng.nextInt(height - h + 1);
        return new Box(classId, x, y, w, h);
    }
}
