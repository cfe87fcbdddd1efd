package io.augflow.pipeline.ingest;

import java.util.Optional;

/**
 * WebP headers ({@code RIFF <size> WEBP} and chunks, little-endian): the size from the first chunk, which is
 * {@code VP8 } (lossy: the key frame's 14-bit width and height), {@code VP8L} (lossless: 14-bit width-1 and
 * height-1 after the 0x2f signature) or {@code VP8X} (extended: 24-bit canvas width-1 and height-1, flags for
 * alpha, EXIF and animation). The orientation comes from the {@code EXIF} chunk of a VP8X file. Animated WebP is
 * UNSUPPORTED_FORMAT (OpenCV 4.9 decodes single images only).
 *
 * <p>Complete means: the file holds the RIFF size it declares, and every chunk, walked by its size, lies inside it,
 * including the image data chunk ({@code VP8 } or {@code VP8L}).
 */
final class WebpFormat {
    private static final int VP8X_ANIMATION = 0x02;
    private static final int VP8X_ALPHA = 0x10;

    private WebpFormat() {}

    static HeaderFields header(byte[] b) {
        ByteWindow riff = new ByteWindow(b, 0, b.length, false, "WebP");
        riff.require(12, 8, "the first chunk's header");
        long size = riff.u32(16);
        if (riff.matches(12, "VP8 ")) {
            riff.require(20, 10, "the VP8 frame header");
            if ((riff.u8(20) & 1) != 0 || riff.u8(23) != 0x9d || riff.u8(24) != 0x01 || riff.u8(25) != 0x2a) {
                throw undecodable("WebP VP8 data does not start with a key frame");
            }
            return new HeaderFields(riff.u16(26) & 0x3fff, riff.u16(28) & 0x3fff, 3,
                    Orientation.NORMAL);
        }
        if (riff.matches(12, "VP8L")) {
            riff.require(20, 5, "the VP8L header");
            if (riff.u8(20) != 0x2f) {
                throw undecodable("WebP VP8L data does not start with its signature 0x2f");
            }
            long bits = riff.u32(21);
            int width = (int) (bits & 0x3fff) + 1;
            int height = (int) ((bits >> 14) & 0x3fff) + 1;
            boolean alpha = ((bits >> 28) & 1) != 0;
            return new HeaderFields(width, height, alpha ? 4 : 3, Orientation.NORMAL);
        }
        if (riff.matches(12, "VP8X")) {
            if (size < 10) {
                throw undecodable("WebP VP8X chunk has " + size + " bytes, needs 10");
            }
            riff.require(20, 10, "the VP8X chunk");
            int flags = riff.u8(20);
            if ((flags & VP8X_ANIMATION) != 0) {
                throw new ImageHeaderException(QuarantineReason.UNSUPPORTED_FORMAT, "animated WebP images are not "
                        + "supported by this OpenCV build (accepted: " + ImageFormat.ACCEPTED + ", single images)");
            }
            int width = 1 + (riff.u8(24) | riff.u8(25) << 8 | riff.u8(26) << 16);
            int height = 1 + (riff.u8(27) | riff.u8(28) << 8 | riff.u8(29) << 16);
            Orientation orientation = chunk(b, "EXIF").map(e -> ExifBlock.orientation(ExifBlock.withoutExifPrefix(e)))
                    .orElse(Orientation.NORMAL);
            return new HeaderFields(width, height, (flags & VP8X_ALPHA) != 0 ? 4 : 3, orientation);
        }
        throw undecodable("WebP's first chunk must be 'VP8 ', 'VP8L' or 'VP8X', found '" + fourcc(riff, 12) + "'");
    }

    /** Empty when the file holds its declared RIFF size and all its chunks, else what is missing. */
    static Optional<String> truncation(byte[] b) {
        ByteWindow riff = new ByteWindow(b, 0, b.length, false, "WebP");
        long declared = 8 + riff.u32(4);
        if (b.length < declared) {
            return Optional.of("its RIFF header declares " + declared + " bytes");
        }
        boolean image = false;
        long at = 12;
        while (at + 8 <= declared) {
            long size = riff.u32(at + 4);
            if (at + 8 + size > declared) {
                return Optional.of("chunk '" + fourcc(riff, at) + "' at byte " + at + " needs " + size
                        + " bytes past the end of the file's declared " + declared);
            }
            image |= riff.matches(at, "VP8 ") || riff.matches(at, "VP8L");
            at += 8 + size + (size & 1);
        }
        return image ? Optional.empty() : Optional.of("no 'VP8 ' or 'VP8L' image data chunk");
    }

    /** The data of the first chunk named {@code name}, walking chunks within the file. */
    private static Optional<ByteWindow> chunk(byte[] b, String name) {
        ByteWindow riff = new ByteWindow(b, 0, b.length, false, "WebP");
        long at = 12;
        while (riff.has(at, 8)) {
            long size = riff.u32(at + 4);
            if (riff.matches(at, name)) {
                return Optional.of(riff.slice(at + 8, size, "WebP " + name + " chunk"));
            }
            at += 8 + size + (size & 1);
        }
        return Optional.empty();
    }

    private static String fourcc(ByteWindow w, long at) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 4 && w.has(at + i, 1); i++) {
            int c = w.u8(at + i);
            s.append(c >= 0x20 && c < 0x7f ? (char) c : '?');
        }
        return s.toString();
    }

    private static ImageHeaderException undecodable(String message) {
        return new ImageHeaderException(QuarantineReason.UNDECODABLE, message);
    }
}
