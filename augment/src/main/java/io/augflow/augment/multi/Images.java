package io.augflow.augment.multi;

import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** Pixel steps the multi-image transforms share: channel conversion and resizing, always into a new Mat. */
final class Images {
    private Images() {}

    /** {@code image} with {@code channels} channels (1 = grey, 3 = BGR), converted if needed; a new Mat. */
    static Mat withChannels(Mat image, int channels) {
        Mat out = new Mat();
        if (image.channels() == channels) {
            image.copyTo(out);
        } else {
            Imgproc.cvtColor(image, out, channels == 3 ? Imgproc.COLOR_GRAY2BGR : Imgproc.COLOR_BGR2GRAY);
        }
        return out;
    }

    /**
     * {@code image} resized to exactly {@code width} x {@code height}: pixel-area averaging when shrinking, bilinear
     * when enlarging. OpenCV maps continuous coordinates by {@code x' = x * width / image.cols()} (pixel centres at
     * half-integers), so a box scales by the same factors. A new Mat, also when the size is unchanged.
     */
    static Mat resized(Mat image, int width, int height) {
        Mat out = new Mat();
        if (image.cols() == width && image.rows() == height) {
            image.copyTo(out);
            return out;
        }
        boolean shrink = (long) width * height < (long) image.cols() * image.rows();
        Imgproc.resize(image, out, new Size(width, height), 0, 0, shrink ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
        return out;
    }
}
