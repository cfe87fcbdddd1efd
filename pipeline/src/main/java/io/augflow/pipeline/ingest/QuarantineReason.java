package io.augflow.pipeline.ingest;

/** Why a candidate row went to the quarantine instead of the dataset. Stored by name in the quarantine Parquet. */
public enum QuarantineReason {
    /** The file has zero bytes. */
    EMPTY_FILE,
    /** The file listed by the annotations (or a label file's image) does not exist. */
    MISSING_FILE,
    /**
     * Not an image, a truncated image, a malformed header or EXIF block (offsets out of range, a directory chain that
     * loops), or bytes OpenCV cannot decode to the size the header claims.
     */
    UNDECODABLE,
    /** The header claims more pixels than {@code max-pixels}; rejected before decoding (decompression bombs). */
    TOO_LARGE,
    /**
     * A recognised image format augflow does not read (GIF, HEIC, AVIF, animated WebP, ...; the detail names it and
     * the accepted PNG, JPEG, BMP, WebP, TIFF) or a non-image file type.
     */
    UNSUPPORTED_FORMAT,
    /** A class name or category id that the dataset's class list does not contain. */
    UNKNOWN_LABEL,
    /** A numeric class id outside {@code [0, classes)}. */
    LABEL_OUT_OF_RANGE,
    /** A box that is not finite, has a negative size, is unparsable, or lies (mostly) outside the image. */
    BAD_BOX,
    /** Another row with the same id came first (by source); the first one is kept. */
    DUPLICATE_ID
}
