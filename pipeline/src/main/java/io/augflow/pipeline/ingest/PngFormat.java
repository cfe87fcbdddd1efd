package io.augflow.pipeline.ingest;

import java.util.Optional;

/**
 * PNG headers: size and colour type from IHDR (which must be the first chunk), the orientation from an
 * {@code eXIf} chunk when there is one (OpenCV's PNG decoder honours it, wherever it stands before IEND), and
 * completeness from the IEND chunk at the end.
 */
final class PngFormat {
    private PngFormat() {}

    static HeaderFields header(byte[] b) {
        // signature(8) | length(4) "IHDR"(4) | width(4) height(4) depth(1) colourType(1) ...
        ByteWindow.need(b, 26, "PNG");
        if (!(b[12] == 'I' && b[13] == 'H' && b[14] == 'D' && b[15] == 'R')) {
            throw new ImageHeaderException(QuarantineReason.UNDECODABLE, "PNG does not start with an IHDR chunk");
        }
        ByteWindow be = new ByteWindow(b, 0, b.length, true, "PNG");
        int colourType = be.u8(25);
        int channels = switch (colourType) {
            case 0 -> 1;
            case 2, 3 -> 3;
            case 4 -> 2;
            case 6 -> 4;
            default -> throw new ImageHeaderException(QuarantineReason.UNDECODABLE,
                    "PNG colour type " + colourType + " is not valid");
        };
        Orientation orientation = exif(b).map(ExifBlock::orientation).orElse(Orientation.NORMAL);
        return new HeaderFields((int) be.u32(16), (int) be.u32(20), channels, orientation);
    }

    /** Empty when the file ends with its IEND chunk, else what is missing. */
    static Optional<String> truncation(byte[] b) {
        boolean complete = b.length >= 20 && b[b.length - 8] == 'I' && b[b.length - 7] == 'E'
                && b[b.length - 6] == 'N' && b[b.length - 5] == 'D';
        return complete ? Optional.empty() : Optional.of("no IEND chunk");
    }

    /**
     * The first {@code eXIf} chunk's payload. Chunks are walked by their lengths up to IEND; the walk ends quietly at
     * a chunk that runs past the end (a truncated file, which {@link #truncation} reports), so it always ends.
     */
    static Optional<ByteWindow> exif(byte[] b) {
        ByteWindow png = new ByteWindow(b, 0, b.length, true, "PNG");
        long at = 8;
        while (png.has(at, 8)) {
            long length = png.u32(at);
            if (png.matches(at + 4, "IEND")) {
                return Optional.empty();
            }
            if (png.matches(at + 4, "eXIf")) {
                ByteWindow payload = png.slice(at + 8, length, "PNG eXIf chunk");
                return Optional.of(ExifBlock.withoutExifPrefix(payload));
            }
            at += 12 + length;
        }
        return Optional.empty();
    }
}
