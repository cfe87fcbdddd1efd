package io.augflow.pipeline.ingest;

import java.util.Optional;

/** BMP headers: size and bit depth from the BITMAPINFOHEADER; complete when the file holds every pixel row. */
final class BmpFormat {
    private BmpFormat() {}

    static HeaderFields header(byte[] b) {
        // file header(14) | header size(4) width(4, LE, signed) height(4, LE, negative = top-down) planes(2) bpp(2)
        ByteWindow.need(b, 30, "BMP");
        ByteWindow le = new ByteWindow(b, 0, b.length, false, "BMP");
        int headerSize = (int) le.u32(14);
        if (headerSize < 40) {
            throw new ImageHeaderException(QuarantineReason.UNSUPPORTED_FORMAT,
                    "BMP with a " + headerSize + "-byte (OS/2) header is not supported (accepted: "
                            + ImageFormat.ACCEPTED + ")");
        }
        int bpp = le.u16(28);
        return new HeaderFields((int) le.u32(18), Math.abs((int) le.u32(22)),
                bpp == 32 ? 4 : bpp == 8 ? 1 : 3, Orientation.NORMAL);
    }

    /** Empty when the file holds as many bytes as its (uncompressed) pixel rows need. */
    static Optional<String> truncation(byte[] b) {
        ByteWindow le = new ByteWindow(b, 0, b.length, false, "BMP");
        long pixelOffset = le.u32(10);
        int bpp = le.u16(28);
        long rowBytes = ((long) (int) le.u32(18) * bpp + 31) / 32 * 4;
        long compression = b.length >= 34 ? le.u32(30) : 0;
        long expected = compression == 0 ? pixelOffset + rowBytes * Math.abs((long) (int) le.u32(22)) : pixelOffset;
        return b.length >= expected ? Optional.empty() : Optional.of("fewer bytes than its pixel rows need");
    }
}
