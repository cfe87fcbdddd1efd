package io.augflow.pipeline.ingest;

/**
 * Image container formats recognised by their magic bytes ({@link #sniff}); only {@link #isReadable() readable}
 * ones are ingested: those this build of OpenCV (org.openpnp 4.9.0) decodes and augflow reads the header of. The
 * others are recognised only so that their rows are quarantined as UNSUPPORTED_FORMAT naming the format, rather
 * than as unreadable bytes.
 */
public enum ImageFormat {
    PNG("PNG", true),
    JPEG("JPEG", true),
    BMP("BMP", true),
    WEBP("WebP", true),
    TIFF("TIFF", true),
    /** This OpenCV build has no GIF decoder. */
    GIF("GIF", false),
    /** HEIC/HEIF (iPhone photos): no decoder in this OpenCV build. */
    HEIF("HEIF/HEIC", false),
    /** No decoder in this OpenCV build. */
    AVIF("AVIF", false),
    /** Decodable by this build (OpenJPEG), but not a format augflow accepts. */
    JPEG_2000("JPEG 2000", false),
    /** TIFF with 64-bit offsets: augflow's TIFF header reader reads classic TIFF only. */
    BIGTIFF("BigTIFF", false);

    /** The readable formats, for messages. */
    public static final String ACCEPTED = "PNG, JPEG, BMP, WebP, TIFF";

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private final String displayName;
    private final boolean readable;

    ImageFormat(String displayName, boolean readable) {
        this.displayName = displayName;
        this.readable = readable;
    }

    public boolean isReadable() {
        return readable;
    }

    /** The name people use ("WebP", "JPEG 2000"). */
    public String displayName() {
        return displayName;
    }

    /**
     * Whether OpenCV's decoder applies the file's orientation itself, even with
     * {@code IMREAD_IGNORE_ORIENTATION}: true for TIFF in this build (its TIFF decoder honours the Orientation tag
     * for all eight values; pinned by {@code OrientationDecodingTest}), false for the others, whose orientation
     * ingest applies after decoding.
     */
    public boolean decoderAppliesOrientation() {
        return this == TIFF;
    }

    /** Why a row in this (unreadable) format is quarantined, naming what is accepted. */
    public String unsupportedDetail() {
        String why = switch (this) {
            case GIF, HEIF, AVIF -> "are not supported by this OpenCV build";
            case JPEG_2000 -> "are not accepted by augflow ingest";
            case BIGTIFF -> "are not accepted by augflow ingest (save them as classic TIFF or PNG)";
            default -> "are accepted";
        };
        return displayName + " images " + why + " (accepted: " + ACCEPTED + ")";
    }

    /** The format by magic bytes, or null when unknown. */
    static ImageFormat sniff(byte[] b) {
        if (startsWith(b, 0, PNG_SIGNATURE)) {
            return PNG;
        }
        if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            return JPEG;
        }
        if (startsWith(b, 0, ascii("BM"))) {
            return BMP;
        }
        if (startsWith(b, 0, ascii("RIFF")) && startsWith(b, 8, ascii("WEBP"))) {
            return WEBP;
        }
        if (startsWith(b, 0, new byte[] {'I', 'I', 42, 0}) || startsWith(b, 0, new byte[] {'M', 'M', 0, 42})) {
            return TIFF;
        }
        if (startsWith(b, 0, new byte[] {'I', 'I', 43, 0}) || startsWith(b, 0, new byte[] {'M', 'M', 0, 43})) {
            return BIGTIFF;
        }
        if (startsWith(b, 0, ascii("GIF87a")) || startsWith(b, 0, ascii("GIF89a"))) {
            return GIF;
        }
        if (startsWith(b, 0, new byte[] {0, 0, 0, 12, 'j', 'P', ' ', ' ', '\r', '\n', (byte) 0x87, '\n'})
                || startsWith(b, 0, new byte[] {(byte) 0xFF, 0x4F, (byte) 0xFF, 0x51})) {
            return JPEG_2000;
        }
        return isoMediaImage(b);
    }

    static boolean startsWithPngSignaturePrefix(byte[] b) {
        return b.length < PNG_SIGNATURE.length && java.util.Arrays.equals(b, 0, b.length, PNG_SIGNATURE, 0, b.length);
    }

    /** HEIF or AVIF from an ISO media {@code ftyp} box's major and compatible brands; null for other ISO media. */
    private static ImageFormat isoMediaImage(byte[] b) {
        if (!startsWith(b, 4, ascii("ftyp")) || b.length < 12) {
            return null;
        }
        long boxSize = ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
        int end = (int) Math.min(Math.min(boxSize, b.length), 256);
        boolean heif = false;
        for (int at = 8; at + 4 <= end; at += 4) {
            if (at == 12) {
                continue; // the minor version, not a brand
            }
            String brand = new String(b, at, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (brand.equals("avif") || brand.equals("avis")) {
                return AVIF;
            }
            heif |= java.util.Set.of("heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1").contains(brand);
        }
        return heif ? HEIF : null;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        if (b.length < at + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
