package io.augflow.pipeline.ingest;

/**
 * An image's size, channel count and format read from its header bytes alone, without decoding, so that a
 * decompression bomb (a few hundred bytes claiming 100000 x 100000 pixels) is rejected before any pixel buffer is
 * allocated.
 *
 * <p>Where the bytes are read: PNG's IHDR chunk (it must be the first chunk), the JPEG SOFn segment found by
 * walking the marker segments, and the BMP BITMAPINFOHEADER. {@code channels} is what the file stores (PNG grey
 * + alpha is 2, RGBA is 4, palette images 3); decoding later reduces it to 1 or 3.
 */
public record ImageHeader(ImageFormat format, int width, int height, int channels) {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** Pixels the header claims, as a long (a claimed 100000 x 100000 overflows an int). */
    public long pixels() {
        return (long) width * height;
    }

    /**
     * Reads the header.
     *
     * @throws ImageHeaderException with {@link QuarantineReason#EMPTY_FILE} for no bytes,
     *     {@link QuarantineReason#UNSUPPORTED_FORMAT} for a recognised format augflow does not read, and
     *     {@link QuarantineReason#UNDECODABLE} for unknown or truncated data
     */
    public static ImageHeader read(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new ImageHeaderException(QuarantineReason.EMPTY_FILE, "file is empty (0 bytes)");
        }
        ImageFormat format = sniff(bytes);
        if (format == null && bytes.length < PNG_SIGNATURE.length
                && java.util.Arrays.equals(bytes, 0, bytes.length, PNG_SIGNATURE, 0, bytes.length)) {
            throw new ImageHeaderException(QuarantineReason.UNDECODABLE,
                    "PNG truncated in its signature: " + bytes.length + " bytes");
        }
        if (format == null) {
            throw new ImageHeaderException(QuarantineReason.UNDECODABLE,
                    "not a PNG, JPEG or BMP file (starts with " + hex(bytes, 8) + ")");
        }
        if (!format.isReadable()) {
            throw new ImageHeaderException(QuarantineReason.UNSUPPORTED_FORMAT,
                    format + " images are not supported (use PNG, JPEG or BMP)");
        }
        ImageHeader header = switch (format) {
            case PNG -> png(bytes);
            case JPEG -> jpeg(bytes);
            case BMP -> bmp(bytes);
            default -> throw new IllegalStateException("unreachable: " + format);
        };
        if (header.width <= 0 || header.height <= 0) {
            throw new ImageHeaderException(QuarantineReason.UNDECODABLE,
                    format + " header claims a size of " + header.width + "x" + header.height);
        }
        return header;
    }

    /** The format by magic bytes, or null when unknown. */
    static ImageFormat sniff(byte[] b) {
        if (startsWith(b, PNG_SIGNATURE)) {
            return ImageFormat.PNG;
        }
        if (b.length >= 3 && u8(b, 0) == 0xFF && u8(b, 1) == 0xD8 && u8(b, 2) == 0xFF) {
            return ImageFormat.JPEG;
        }
        if (b.length >= 2 && b[0] == 'B' && b[1] == 'M') {
            return ImageFormat.BMP;
        }
        if (startsWith(b, new byte[] {'G', 'I', 'F', '8'})) {
            return ImageFormat.GIF;
        }
        if (startsWith(b, new byte[] {'I', 'I', 42, 0}) || startsWith(b, new byte[] {'M', 'M', 0, 42})) {
            return ImageFormat.TIFF;
        }
        if (b.length >= 12 && startsWith(b, new byte[] {'R', 'I', 'F', 'F'})
                && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return ImageFormat.WEBP;
        }
        return null;
    }

    /**
     * Whether the file ends where its format says it should: PNG with its IEND chunk, JPEG with an EOI marker
     * (trailing padding allowed), BMP with as many bytes as its pixel rows need. OpenCV decodes some truncated
     * files partially (the missing rows come out grey), so this is checked before trusting a decode.
     */
    public boolean isComplete(byte[] bytes) {
        return switch (format) {
            case PNG -> bytes.length >= 20 && bytes[bytes.length - 8] == 'I' && bytes[bytes.length - 7] == 'E'
                    && bytes[bytes.length - 6] == 'N' && bytes[bytes.length - 5] == 'D';
            case JPEG -> hasJpegEnd(bytes);
            case BMP -> bytes.length >= bmpExpectedSize(bytes);
            default -> false;
        };
    }

    private static ImageHeader png(byte[] b) {
        // signature(8) | length(4) "IHDR"(4) | width(4) height(4) depth(1) colourType(1) ...
        need(b, 26, "PNG");
        if (!(b[12] == 'I' && b[13] == 'H' && b[14] == 'D' && b[15] == 'R')) {
            throw new ImageHeaderException(QuarantineReason.UNDECODABLE, "PNG does not start with an IHDR chunk");
        }
        int colourType = u8(b, 25);
        int channels = switch (colourType) {
            case 0 -> 1;
            case 2, 3 -> 3;
            case 4 -> 2;
            case 6 -> 4;
            default -> throw new ImageHeaderException(QuarantineReason.UNDECODABLE,
                    "PNG colour type " + colourType + " is not valid");
        };
        return new ImageHeader(ImageFormat.PNG, s32be(b, 16), s32be(b, 20), channels);
    }

    private static ImageHeader jpeg(byte[] b) {
        int i = 2;
        while (true) {
            need(b, i + 2, "JPEG");
            if (u8(b, i) != 0xFF) {
                throw new ImageHeaderException(QuarantineReason.UNDECODABLE,
                        "JPEG marker expected at byte " + i + ", found 0x" + Integer.toHexString(u8(b, i)));
            }
            int marker = u8(b, i + 1);
            if (marker == 0xFF) { // fill byte
                i++;
                continue;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) { // markers without a length
                i += 2;
                continue;
            }
            if (marker == 0xD9 || marker == 0xDA) {
                throw new ImageHeaderException(QuarantineReason.UNDECODABLE, "JPEG has no frame header (SOF) before its scan");
            }
            need(b, i + 4, "JPEG");
            int length = u16be(b, i + 2);
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof) {
                // length(2) precision(1) height(2) width(2) components(1)
                need(b, i + 10, "JPEG");
                return new ImageHeader(ImageFormat.JPEG, u16be(b, i + 7), u16be(b, i + 5), u8(b, i + 9));
            }
            i += 2 + length;
        }
    }

    private static ImageHeader bmp(byte[] b) {
        // file header(14) | header size(4) width(4, LE, signed) height(4, LE, negative = top-down) planes(2) bpp(2)
        need(b, 30, "BMP");
        int headerSize = s32le(b, 14);
        if (headerSize < 40) {
            throw new ImageHeaderException(QuarantineReason.UNSUPPORTED_FORMAT,
                    "BMP with a " + headerSize + "-byte (OS/2) header is not supported");
        }
        int bpp = u16le(b, 28);
        return new ImageHeader(ImageFormat.BMP, s32le(b, 18), Math.abs(s32le(b, 22)), bpp == 32 ? 4 : bpp == 8 ? 1 : 3);
    }

    private static long bmpExpectedSize(byte[] b) {
        long pixelOffset = s32le(b, 10) & 0xFFFFFFFFL;
        int bpp = u16le(b, 28);
        long rowBytes = ((long) s32le(b, 18) * bpp + 31) / 32 * 4;
        int compression = b.length >= 34 ? s32le(b, 30) : 0;
        return compression == 0 ? pixelOffset + rowBytes * Math.abs((long) s32le(b, 22)) : pixelOffset;
    }

    private static boolean hasJpegEnd(byte[] b) {
        int end = b.length;
        while (end > 0 && b[end - 1] == 0) { // some writers pad with zeros after EOI
            end--;
        }
        return end >= 4 && u8(b, end - 2) == 0xFF && u8(b, end - 1) == 0xD9;
    }

    private static void need(byte[] b, int n, String format) {
        if (b.length < n) {
            throw new ImageHeaderException(QuarantineReason.UNDECODABLE,
                    format + " truncated in its header: " + b.length + " bytes, the header needs " + n);
        }
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static String hex(byte[] b, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(n, b.length); i++) {
            s.append(String.format("%02x", b[i]));
        }
        return s.toString();
    }

    private static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    private static int u16be(byte[] b, int i) {
        return (u8(b, i) << 8) | u8(b, i + 1);
    }

    private static int s32be(byte[] b, int i) {
        return (u8(b, i) << 24) | (u8(b, i + 1) << 16) | (u8(b, i + 2) << 8) | u8(b, i + 3);
    }

    private static int u16le(byte[] b, int i) {
        return u8(b, i) | (u8(b, i + 1) << 8);
    }

    private static int s32le(byte[] b, int i) {
        return u8(b, i) | (u8(b, i + 1) << 8) | (u8(b, i + 2) << 16) | (u8(b, i + 3) << 24);
    }
}
