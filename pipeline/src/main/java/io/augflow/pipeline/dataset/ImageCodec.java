package io.augflow.pipeline.dataset;

import io.augflow.augment.InvalidSampleException;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/** Encoded image bytes to and from the 8-bit Mats every transform takes. */
public final class ImageCodec {
    private ImageCodec() {}

    /**
     * Decodes to 8-bit grey ({@code channels == 1}) or BGR: stored RGBA or 16-bit images come out in the
     * one format every transform supports.
     */
    public static Mat decode(byte[] encoded, int channels, String id) {
        Mat image = Imgcodecs.imdecode(new MatOfByte(encoded),
                channels == 1 ? Imgcodecs.IMREAD_GRAYSCALE : Imgcodecs.IMREAD_COLOR);
        if (image.empty()) {
            throw new InvalidSampleException(id, "the image bytes (" + encoded.length + ") cannot be decoded");
        }
        return image;
    }

    public static byte[] encodePng(Mat image, String id) {
        MatOfByte buffer = new MatOfByte();
        if (!Imgcodecs.imencode(".png", image, buffer)) {
            throw new InvalidSampleException(id, "OpenCV cannot encode the image as PNG");
        }
        return buffer.toArray();
    }
}
