package io.augflow.pipeline.ingest;

/**
 * A bounds-checked, read-only view of {@code [start, start + length)} of a byte array with one byte order, for
 * parsing structures whose offsets come from the file itself (TIFF directories, EXIF blocks, RIFF and PNG chunks).
 * Offsets are relative to the window and taken as {@code long}, so a hostile 32-bit offset near 2^32 cannot wrap
 * around into range; every read outside the window throws {@link ImageHeaderException} with
 * {@link QuarantineReason#UNDECODABLE}, never an index exception.
 */
final class ByteWindow {
    private final byte[] bytes;
    private final int start;
    private final int length;
    private final boolean bigEndian;
    private final String what;

    /**
     * @param what names the structure in error messages ("EXIF block", "TIFF file")
     */
    ByteWindow(byte[] bytes, int start, int length, boolean bigEndian, String what) {
        if (start < 0 || length < 0 || (long) start + length > bytes.length) {
            throw new IllegalArgumentException("window [" + start + ", " + start + " + " + length + ") outside "
                    + bytes.length + " bytes");
        }
        this.bytes = bytes;
        this.start = start;
        this.length = length;
        this.bigEndian = bigEndian;
        this.what = what;
    }

    /** Throws UNDECODABLE unless the file has the {@code n} bytes its {@code format}'s header needs. */
    static void need(byte[] b, long n, String format) {
        if (b.length < n) {
            throw new ImageHeaderException(QuarantineReason.UNDECODABLE,
                    format + " truncated in its header: " + b.length + " bytes, the header needs " + n);
        }
    }

    /** The same bytes read in the other byte order (TIFF says which one in its first two bytes). */
    ByteWindow withBigEndian(boolean big) {
        return new ByteWindow(bytes, start, length, big, what);
    }

    int length() {
        return length;
    }

    boolean isBigEndian() {
        return bigEndian;
    }

    String what() {
        return what;
    }

    /** Whether {@code n} bytes from {@code offset} lie inside the window. */
    boolean has(long offset, long n) {
        return offset >= 0 && n >= 0 && offset + n <= length;
    }

    /** Throws UNDECODABLE, saying what {@code purpose} needed, unless {@code n} bytes from {@code offset} are inside. */
    void require(long offset, long n, String purpose) {
        if (!has(offset, n)) {
            throw new ImageHeaderException(QuarantineReason.UNDECODABLE, what + ": " + purpose + " needs bytes "
                    + offset + ".." + (offset + n) + " but the " + what + " has " + length);
        }
    }

    int u8(long offset) {
        require(offset, 1, "a byte");
        return bytes[start + (int) offset] & 0xFF;
    }

    int u16(long offset) {
        require(offset, 2, "a 16-bit value");
        int a = bytes[start + (int) offset] & 0xFF;
        int b = bytes[start + (int) offset + 1] & 0xFF;
        return bigEndian ? (a << 8) | b : (b << 8) | a;
    }

    /** An unsigned 32-bit value, as a long. */
    long u32(long offset) {
        require(offset, 4, "a 32-bit value");
        long v = 0;
        for (int i = 0; i < 4; i++) {
            long b = bytes[start + (int) offset + i] & 0xFFL;
            v |= bigEndian ? b << (8 * (3 - i)) : b << (8 * i);
        }
        return v;
    }

    /** Whether the bytes at {@code offset} are {@code ascii} (false when they would run past the end). */
    boolean matches(long offset, String ascii) {
        if (!has(offset, ascii.length())) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (bytes[start + (int) offset + i] != (byte) ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The sub-window {@code [offset, offset + n)}, same byte order; UNDECODABLE when it is not inside. */
    ByteWindow slice(long offset, long n, String name) {
        require(offset, n, name);
        return new ByteWindow(bytes, start + (int) offset, (int) n, bigEndian, name);
    }
}
