package io.augflow.pipeline.ingest;

/**
 * An EXIF block (a small TIFF structure) found inside a JPEG, PNG or WebP file: where ingest reads the orientation a
 * camera or phone recorded. Malformed blocks are {@link QuarantineReason#UNDECODABLE}, with the problem named.
 */
final class ExifBlock {
    /** An EXIF block holds IFD0 and IFD1 (the thumbnail's); more than this many directories is not EXIF. */
    static final int MAX_DIRECTORIES = 16;
    private static final String PREFIX = "Exif\0\0";

    private ExifBlock() {}

    /** The orientation in the block's IFD0 ({@link Orientation#NORMAL} when it has none). */
    static Orientation orientation(ByteWindow block) {
        return TiffDirectory.read(block, MAX_DIRECTORIES).orientation();
    }

    /** Whether the window starts with JPEG APP1's {@code "Exif\0\0"} identifier. */
    static boolean hasExifPrefix(ByteWindow w) {
        return w.matches(0, PREFIX);
    }

    /**
     * The TIFF structure of a payload that may start with {@code "Exif\0\0"}: JPEG's APP1 always does; PNG's eXIf
     * and WebP's EXIF chunk should not, but some writers copy the JPEG form.
     */
    static ByteWindow withoutExifPrefix(ByteWindow payload) {
        int skip = hasExifPrefix(payload) ? PREFIX.length() : 0;
        return payload.slice(skip, payload.length() - skip, "EXIF block");
    }
}
