package io.augflow.pipeline.ingest;

import io.augflow.pipeline.dataset.SampleRows;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * The bytes the dataset stores for a valid image: always PNG or JPEG (readable by any tool), and always decoding,
 * with OpenCV's default flags as training uses them, to exactly the upright pixels ingest validated the boxes
 * against.
 *
 * <ul>
 * <li>PNG and JPEG whose orientation is 1 (or that have no EXIF block): the bytes as they came.</li>
 * <li>JPEG with another orientation: the upright pixels re-encoded as JPEG at quality {@value #JPEG_QUALITY}. A
 *     one-time re-encode: photo datasets stay about the size they were (PNG would make them several times
 *     larger), and at 95 the loss is far below what training's augmentations change.</li>
 * <li>PNG with another orientation, and every BMP, WebP and TIFF: the upright pixels as lossless PNG.</li>
 * </ul>
 * Re-encoded bytes carry no EXIF block, so no decoder turns them a second time.
 */
final class StoredImage {
    static final int JPEG_QUALITY = 95;

    private StoredImage() {}

    /**
     * @param original the file's bytes
     * @param upright the decoded upright pixels (8-bit, 1 or 3 channels)
     */
    static byte[] bytes(ImageHeader header, byte[] original, Mat upright) {
        boolean keptFormat = header.format() == ImageFormat.PNG || header.format() == ImageFormat.JPEG;
        if (keptFormat && header.orientation() == Orientation.NORMAL) {
            return original;
        }
        if (header.format() == ImageFormat.JPEG) {
            return jpeg(upright);
        }
        return SampleRows.encodePng(upright);
    }

    private static byte[] jpeg(Mat image) {
        MatOfByte buffer = new MatOfByte();
        try {
            if (!Imgcodecs.imencode(".jpg", image, buffer, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, JPEG_QUALITY))) {
                throw new IllegalArgumentException("OpenCV cannot encode a " + image + " as JPEG");
            }
            return buffer.toArray();
        } finally {
            buffer.release();
        }
    }
}
