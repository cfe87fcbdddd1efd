package io.augflow.augment.multi;

import io.augflow.augment.Box;
import io.augflow.augment.Sample;
import io.augflow.augment.testing.TestImages;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

/** Images for the multi-image tests: black pictures whose boxes are filled white, so boxes can be found again. */
final class MultiImageFixtures {
    private MultiImageFixtures() {}

    /** A {@code width x height} black image with every box's pixels {@code [x, x2) x [y, y2)} white (255). */
    static Sample boxesDrawn(String id, int width, int height, int channels, List<Box> boxes) {
        Mat grey = Mat.zeros(height, width, CvType.CV_8UC1);
        for (Box b : boxes) {
            Mat mask = TestImages.boxMask(width, height, b);
            Core.bitwise_or(grey, mask, grey);
            mask.release();
        }
        Mat image = grey;
        if (channels == 3) {
            image = new Mat();
            org.opencv.imgproc.Imgproc.cvtColor(grey, image, org.opencv.imgproc.Imgproc.COLOR_GRAY2BGR);
            grey.release();
        }
        return new Sample(id, image, boxes, Sample.NO_LABEL);
    }

    /** A 1-channel mask of the pixels above 127 (in any channel). */
    static Mat bright(Mat image) {
        Mat grey = new Mat();
        if (image.channels() == 3) {
            org.opencv.imgproc.Imgproc.cvtColor(image, grey, org.opencv.imgproc.Imgproc.COLOR_BGR2GRAY);
        } else {
            image.copyTo(grey);
        }
        Mat mask = new Mat();
        Core.compare(grey, new Scalar(127), mask, Core.CMP_GT);
        grey.release();
        return mask;
    }

    /** The unsigned byte at (row, col) of a 1-channel mask. */
    static int at(Mat mask, int row, int col) {
        byte[] v = new byte[1];
        mask.get(row, col, v);
        return v[0] & 0xff;
    }

    /** Whether the pixel (col, row), i.e. its centre (col + 0.5, row + 0.5), lies within {@code b} grown by {@code margin}. */
    static boolean centreInside(Box b, int col, int row, double margin) {
        double cx = col + 0.5;
        double cy = row + 0.5;
        return cx > b.x() - margin && cx < b.x2() + margin && cy > b.y() - margin && cy < b.y2() + margin;
    }

    /**
     * Boxes follow the pixels: every bright pixel's centre lies in some box grown by 1 px, and every pixel whose
     * centre lies in a box shrunk by 1 px is bright. Returns the first violation, or null.
     */
    static String boxesFollowPixels(Sample out) {
        Mat mask = bright(out.image());
        try {
            for (int row = 0; row < out.height(); row++) {
                for (int col = 0; col < out.width(); col++) {
                    boolean isBright = at(mask, row, col) != 0;
                    final int r = row;
                    final int c = col;
                    boolean nearBox = out.boxes().stream().anyMatch(b -> centreInside(b, c, r, 1.0));
                    boolean deepInBox = out.boxes().stream().anyMatch(b -> centreInside(b, c, r, -1.0));
                    if (isBright && !nearBox) {
                        return "bright pixel (" + col + ", " + row + ") outside every box " + out.boxes();
                    }
                    if (deepInBox && !isBright) {
                        return "dark pixel (" + col + ", " + row + ") inside a box " + out.boxes();
                    }
                }
            }
            return null;
        } finally {
            mask.release();
        }
    }
}
