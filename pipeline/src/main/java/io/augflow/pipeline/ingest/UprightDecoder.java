package io.augflow.pipeline.ingest;

import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Decodes validated bytes to the upright picture, 8-bit with 1 or 3 channels.
 *
 * <p>OpenCV's default decode applies a JPEG's or PNG's EXIF orientation itself, so the decoded size of a portrait
 * phone photo is not its header's. Ingest decodes with {@code IMREAD_IGNORE_ORIENTATION} instead (checked in this
 * build: JPEG and PNG then come out as stored; WebP's EXIF chunk is never applied by OpenCV), checks the stored
 * size against the header, and turns the pixels upright itself ({@link Orientation#upright}), so the orientation is
 * read once, by ingest's bounds-checked reader. TIFF is the exception: this build's TIFF decoder applies the
 * Orientation tag even with that flag ({@link ImageFormat#decoderAppliesOrientation()}), so its output is checked
 * against the upright size and used as it is.
 */
final class UprightDecoder {
    static final int FLAGS = Imgcodecs.IMREAD_ANYCOLOR | Imgcodecs.IMREAD_IGNORE_ORIENTATION;

    private UprightDecoder() {}

    /**
     * The upright pixels as a new Mat (the caller releases it).
     *
     * @throws ImageHeaderException UNDECODABLE when OpenCV cannot decode the bytes to the header's size
     */
    static Mat decode(byte[] bytes, ImageHeader header) {
        MatOfByte buffer = new MatOfByte(bytes);
        Mat decoded = Imgcodecs.imdecode(buffer, FLAGS);
        buffer.release();
        boolean turnedByDecoder = header.format().decoderAppliesOrientation();
        int width = turnedByDecoder ? header.uprightWidth() : header.width();
        int height = turnedByDecoder ? header.uprightHeight() : header.height();
        if (decoded.empty() || decoded.cols() != width || decoded.rows() != height
                || (decoded.channels() != 1 && decoded.channels() != 3)) {
            String found = decoded.empty() ? "nothing" : decoded.cols() + "x" + decoded.rows() + "x" + decoded.channels();
            decoded.release();
            throw new ImageHeaderException(QuarantineReason.UNDECODABLE, "OpenCV cannot decode this "
                    + header.format().displayName() + " to the " + width + "x" + height + " its header claims"
                    + (turnedByDecoder && header.orientation().swapsAxes() ? " after orientation "
                    + header.orientation().exifValue() : "") + " (decoded " + found + ")");
        }
        if (turnedByDecoder || header.orientation() == Orientation.NORMAL) {
            return decoded;
        }
        Mat upright = header.orientation().upright(decoded);
        decoded.release();
        return upright;
    }
}
