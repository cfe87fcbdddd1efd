package io.augflow.pipeline.ingest;

import java.util.Optional;

/**
 * An image's size, channel count, format and orientation read from its header bytes alone, without decoding, so
 * that a decompression bomb (a few hundred bytes claiming 100000 x 100000 pixels) is rejected before any pixel
 * buffer is allocated.
 *
 * <p>Where the bytes are read: PNG's IHDR chunk ({@link PngFormat}), the JPEG SOFn segment ({@link JpegFormat}),
 * the BMP BITMAPINFOHEADER ({@link BmpFormat}), the WebP VP8/VP8L/VP8X chunk ({@link WebpFormat}) and TIFF's first
 * directory ({@link TiffFormat}). {@code width} and {@code height} are the stored pixels'; the orientation comes
 * from the EXIF block (JPEG APP1, PNG eXIf, WebP EXIF) or TIFF's own tag, and the picture as it is meant to be seen
 * is {@link #uprightWidth()} x {@link #uprightHeight()}. {@code channels} is what the file stores (PNG grey +
 * alpha is 2, RGBA is 4, palette images 3); decoding later reduces it to 1 or 3.
 */
public record ImageHeader(ImageFormat format, int width, int height, int channels, Orientation orientation) {

    public ImageHeader {
        orientation = orientation == null ? Orientation.NORMAL : orientation;
    }

    /** A header without orientation (as before orientation was read). */
    public ImageHeader(ImageFormat format, int width, int height, int channels) {
        this(format, width, height, channels, Orientation.NORMAL);
    }

    /** Pixels the header claims, as a long (a claimed 100000 x 100000 overflows an int). */
    public long pixels() {
        return (long) width * height;
    }

    /** The width of the picture as it is meant to be seen (the stored height for orientations 5-8). */
    public int uprightWidth() {
        return orientation.uprightWidth(width, height);
    }

    public int uprightHeight() {
        return orientation.uprightHeight(width, height);
    }

    /**
     * Reads the header. Hostile bytes (offsets out of range, loops, absurd counts) end here as an
     * {@link ImageHeaderException}, never as another exception.
     *
     * @throws ImageHeaderException with {@link QuarantineReason#EMPTY_FILE} for no bytes,
     *     {@link QuarantineReason#UNSUPPORTED_FORMAT} for a recognised format augflow does not read,
     *     {@link QuarantineReason#TOO_LARGE} for a TIFF side beyond 2^31-1, and
     *     {@link QuarantineReason#UNDECODABLE} for unknown, malformed or truncated data
     */
    public static ImageHeader read(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new ImageHeaderException(QuarantineReason.EMPTY_FILE, "file is empty (0 bytes)");
        }
        ImageFormat format = ImageFormat.sniff(bytes);
        if (format == null && ImageFormat.startsWithPngSignaturePrefix(bytes)) {
            throw new ImageHeaderException(QuarantineReason.UNDECODABLE,
                    "PNG truncated in its signature: " + bytes.length + " bytes");
        }
        if (format == null) {
            throw new ImageHeaderException(QuarantineReason.UNDECODABLE,
                    "not a PNG, JPEG, BMP, WebP or TIFF file (starts with " + hex(bytes, 8) + ")");
        }
        if (!format.isReadable()) {
            throw new ImageHeaderException(QuarantineReason.UNSUPPORTED_FORMAT, format.unsupportedDetail());
        }
        HeaderFields fields = switch (format) {
            case PNG -> PngFormat.header(bytes);
            case JPEG -> JpegFormat.header(bytes);
            case BMP -> BmpFormat.header(bytes);
            case WEBP -> WebpFormat.header(bytes);
            case TIFF -> TiffFormat.header(bytes);
            default -> throw new IllegalStateException("unreachable: " + format);
        };
        ImageHeader header = new ImageHeader(format, fields.width(), fields.height(), fields.channels(),
                fields.orientation());
        if (header.width <= 0 || header.height <= 0) {
            throw new ImageHeaderException(QuarantineReason.UNDECODABLE,
                    format.displayName() + " header claims a size of " + header.width + "x" + header.height);
        }
        return header;
    }

    /**
     * Whether the file ends where its format says it should ({@link #truncation}). OpenCV decodes some truncated
     * files partially (the missing rows come out grey), so this is checked before trusting a decode.
     */
    public boolean isComplete(byte[] bytes) {
        return truncation(bytes).isEmpty();
    }

    /**
     * Empty when the file is complete, else what is missing: PNG without its IEND chunk, JPEG without an EOI marker
     * (trailing padding allowed), BMP with fewer bytes than its pixel rows, WebP shorter than its RIFF size or with a
     * chunk past the end, TIFF with a strip or tile past the end.
     *
     * @throws ImageHeaderException UNDECODABLE when the structure that says where the data ends is malformed
     */
    public Optional<String> truncation(byte[] bytes) {
        return switch (format) {
            case PNG -> PngFormat.truncation(bytes);
            case JPEG -> JpegFormat.truncation(bytes);
            case BMP -> BmpFormat.truncation(bytes);
            case WEBP -> WebpFormat.truncation(bytes);
            case TIFF -> TiffFormat.truncation(bytes);
            default -> Optional.of("an unreadable format");
        };
    }

    private static String hex(byte[] b, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(n, b.length); i++) {
            s.append(String.format("%02x", b[i]));
        }
        return s.toString();
    }
}
