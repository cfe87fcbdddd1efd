package io.augflow.pipeline.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * EXIF blocks as phones write them, and broken ones, and the three ways they ride in a file: a JPEG APP1 segment
 * right after SOI, a PNG eXIf chunk, a WebP EXIF chunk in a VP8X file. Built byte by byte here, independently of
 * the reader under test.
 */
final class TestExif {
    private TestExif() {}

    static final byte[] APP1_PREFIX = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);

    /**
     * A block like a phone's: IFD0 (Make, Orientation, a pointer to the EXIF sub-directory), the EXIF
     * sub-directory (ExifVersion), IFD1 (the thumbnail's Compression), then the end of the chain.
     */
    static byte[] block(int orientation, boolean bigEndian) {
        return block(orientation, bigEndian, 0);
    }

    /**
     * @param ifd1Next where IFD1's next-directory offset points (0 = end of chain; 8 = back to IFD0, a loop)
     */
    static byte[] block(int orientation, boolean bigEndian, int ifd1Next) {
        ByteBuffer bb = ByteBuffer.allocate(128).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        bb.put(bigEndian ? (byte) 'M' : (byte) 'I').put(bigEndian ? (byte) 'M' : (byte) 'I').putShort((short) 42)
                .putInt(8);
        int ifd0 = 8;
        int ifd0Entries = 3;
        int make = ifd0 + 2 + 12 * ifd0Entries + 4; // 50
        int exifIfd = make + 8; // 58
        int ifd1 = exifIfd + 2 + 12 + 4; // 76
        bb.position(ifd0);
        bb.putShort((short) ifd0Entries);
        entry(bb, 0x010F, 2, 8, make); // Make, ASCII, at an offset
        bb.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        entry(bb, 0x8769, 4, 1, exifIfd); // ExifIFD pointer
        bb.putInt(ifd1);
        bb.put("augflow\0".getBytes(StandardCharsets.US_ASCII));
        bb.putShort((short) 1);
        bb.putShort((short) 0x9000).putShort((short) 7).putInt(4).put("0232".getBytes(StandardCharsets.US_ASCII));
        bb.putInt(0);
        bb.putShort((short) 1);
        bb.putShort((short) 0x0103).putShort((short) 3).putInt(1).putShort((short) 6).putShort((short) 0);
        bb.putInt(ifd1Next);
        return Arrays.copyOf(bb.array(), bb.position());
    }

    private static void entry(ByteBuffer bb, int tag, int type, int count, int value) {
        bb.putShort((short) tag).putShort((short) type).putInt(count).putInt(value);
    }

    /** A copy of {@code block} with the 32-bit value at {@code offset} replaced, in the block's byte order. */
    static byte[] patch32(byte[] block, int offset, long value) {
        byte[] b = block.clone();
        ByteBuffer.wrap(b).order(block[0] == 'M' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)
                .putInt(offset, (int) value);
        return b;
    }

    /** A copy of {@code block} with the 16-bit value at {@code offset} replaced, in the block's byte order. */
    static byte[] patch16(byte[] block, int offset, int value) {
        byte[] b = block.clone();
        ByteBuffer.wrap(b).order(block[0] == 'M' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)
                .putShort(offset, (short) value);
        return b;
    }

    /** The JPEG with an APP1 "Exif" segment holding {@code block} inserted right after SOI, where phones put it. */
    static byte[] inJpeg(byte[] jpeg, byte[] block) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xD8);
        out.write(0xFF);
        out.write(0xE1);
        int length = 2 + APP1_PREFIX.length + block.length;
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes(APP1_PREFIX);
        out.writeBytes(block);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** The PNG with an eXIf chunk holding {@code block} right after IHDR. */
    static byte[] inPng(byte[] png, byte[] block) {
        int afterIhdr = 8 + 25;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, afterIhdr);
        pngChunk(out, "eXIf", block);
        out.write(png, afterIhdr, png.length - afterIhdr);
        return out.toByteArray();
    }

    static void pngChunk(ByteArrayOutputStream out, String type, byte[] data) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /**
     * A simple (VP8 or VP8L) WebP turned into an extended one: a VP8X chunk with the EXIF flag and the canvas size,
     * the image chunk, then an EXIF chunk holding {@code block} (null: no EXIF chunk).
     */
    static byte[] inWebp(byte[] simpleWebp, int width, int height, byte[] block) {
        byte[] image = Arrays.copyOfRange(simpleWebp, 12, simpleWebp.length);
        ByteBuffer vp8x = ByteBuffer.allocate(18).order(ByteOrder.LITTLE_ENDIAN);
        vp8x.put("VP8X".getBytes(StandardCharsets.US_ASCII)).putInt(10).put((byte) (block == null ? 0 : 0x08))
                .put((byte) 0).put((byte) 0).put((byte) 0);
        put24(vp8x, width - 1);
        put24(vp8x, height - 1);
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        chunks.writeBytes(vp8x.array());
        chunks.writeBytes(image);
        if (block != null) {
            ByteBuffer exif = ByteBuffer.allocate(8 + block.length + (block.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
            exif.put("EXIF".getBytes(StandardCharsets.US_ASCII)).putInt(block.length).put(block);
            chunks.writeBytes(exif.array());
        }
        ByteBuffer riff = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        riff.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + chunks.size())
                .put("WEBP".getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(riff.array());
        out.writeBytes(chunks.toByteArray());
        return out.toByteArray();
    }

    private static void put24(ByteBuffer b, int v) {
        b.put((byte) (v & 0xFF)).put((byte) ((v >> 8) & 0xFF)).put((byte) ((v >> 16) & 0xFF));
    }
}
