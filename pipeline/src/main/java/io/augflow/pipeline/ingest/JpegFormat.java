package io.augflow.pipeline.ingest;

import java.util.Locale;
import java.util.Optional;

/**
 * JPEG headers, by walking the marker segments from SOI to the first scan (SOS): the size and component count from
 * the frame header (SOFn), the orientation from the first APP1 segment that holds an EXIF block (what phones
 * write right after SOI), and completeness from the EOI marker at the end.
 */
final class JpegFormat {
    private static final int APP1 = 0xE1;

    private JpegFormat() {}

    static HeaderFields header(byte[] b) {
        int sof = -1;
        ByteWindow exif = null;
        int i = 2;
        while (true) {
            // Once the frame header is known, an irregularity further on ends the walk quietly: the decoder, not
            // the header reader, judges the rest (as before EXIF was read).
            if (i + 4 > b.length) {
                if (sof >= 0) {
                    break;
                }
                ByteWindow.need(b, i + 4, "JPEG");
            }
            if ((b[i] & 0xFF) != 0xFF) {
                if (sof >= 0) {
                    break;
                }
                throw new ImageHeaderException(QuarantineReason.UNDECODABLE,
                        "JPEG marker expected at byte " + i + ", found 0x" + Integer.toHexString(b[i] & 0xFF));
            }
            int marker = b[i + 1] & 0xFF;
            if (marker == 0xFF) { // fill byte
                i++;
                continue;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) { // markers without a length
                i += 2;
                continue;
            }
            if (marker == 0xD9 || marker == 0xDA) {
                if (sof < 0) {
                    throw new ImageHeaderException(QuarantineReason.UNDECODABLE,
                            "JPEG has no frame header (SOF) before its scan");
                }
                break;
            }
            int length = ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
            boolean fits = length >= 2 && (long) i + 2 + length <= b.length;
            if (!fits) {
                if (sof >= 0) {
                    break;
                }
                if (length < 2) {
                    throw new ImageHeaderException(QuarantineReason.UNDECODABLE, String.format(Locale.ROOT,
                            "JPEG segment 0x%02X at byte %d has length %d, less than 2", marker, i, length));
                }
                ByteWindow.need(b, i + 2 + length, "JPEG");
            }
            boolean isSof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (isSof && sof < 0) {
                ByteWindow.need(b, i + 10, "JPEG"); // length(2) precision(1) height(2) width(2) components(1)
                sof = i;
            } else if (marker == APP1 && exif == null) {
                ByteWindow segment = new ByteWindow(b, i + 4, length - 2, true, "JPEG APP1 segment");
                if (ExifBlock.hasExifPrefix(segment)) {
                    exif = ExifBlock.withoutExifPrefix(segment);
                }
            }
            i += 2 + length;
        }
        Orientation orientation = exif == null ? Orientation.NORMAL : ExifBlock.orientation(exif);
        int height = ((b[sof + 5] & 0xFF) << 8) | (b[sof + 6] & 0xFF);
        int width = ((b[sof + 7] & 0xFF) << 8) | (b[sof + 8] & 0xFF);
        return new HeaderFields(width, height, b[sof + 9] & 0xFF, orientation);
    }

    /** Empty when the file ends with an EOI marker (zero padding after it allowed), else what is missing. */
    static Optional<String> truncation(byte[] b) {
        int end = b.length;
        while (end > 0 && b[end - 1] == 0) { // some writers pad with zeros after EOI
            end--;
        }
        boolean complete = end >= 4 && (b[end - 2] & 0xFF) == 0xFF && (b[end - 1] & 0xFF) == 0xD9;
        return complete ? Optional.empty() : Optional.of("no EOI marker");
    }
}
