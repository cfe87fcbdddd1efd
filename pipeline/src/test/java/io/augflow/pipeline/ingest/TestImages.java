package io.augflow.pipeline.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

/** Small encoded images and hand-made broken files for the ingest tests. */
final class TestImages {
    private TestImages() {}

    static Mat noise(int width, int height, int channels) {
        Mat m = new Mat(height, width, CvType.CV_8UC(channels));
        Core.randu(m, 0, 256);
        return m;
    }

    static byte[] encode(String ext, Mat m) {
        MatOfByte out = new MatOfByte();
        Imgcodecs.imencode(ext, m, out);
        return out.toArray();
    }

    static byte[] png(int width, int height, int channels) {
        return encode(".png", noise(width, height, channels));
    }

    static byte[] jpeg(int width, int height) {
        return encode(".jpg", noise(width, height, 3));
    }

    /** A WebP: lossless (VP8L, OpenCV's default) or lossy (VP8, quality 90). */
    static byte[] webp(int width, int height, boolean lossless) {
        MatOfByte out = new MatOfByte();
        MatOfInt params = lossless ? new MatOfInt() : new MatOfInt(Imgcodecs.IMWRITE_WEBP_QUALITY, 90);
        Imgcodecs.imencode(".webp", noise(width, height, 3), out, params);
        return out.toArray();
    }

    /**
     * A few dozen bytes of WebP whose first chunk claims {@code width x height}: kind "VP8 " (lossy key frame),
     * "VP8L" (lossless), "VP8X" (extended canvas) or "ANIM" (an extended header with the animation flag).
     */
    static byte[] webpBombHeader(int width, int height, String kind) {
        ByteBuffer b = ByteBuffer.allocate(40).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(32)
                .put("WEBP".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        boolean extended = kind.equals("VP8X") || kind.equals("ANIM");
        b.put((extended ? "VP8X" : kind).getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(20);
        switch (kind) {
            case "VP8 " -> b.put((byte) 0x10).put((byte) 0).put((byte) 0).put((byte) 0x9d).put((byte) 0x01)
                    .put((byte) 0x2a).putShort((short) width).putShort((short) height);
            case "VP8L" -> b.put((byte) 0x2f).putInt((width - 1) | ((height - 1) << 14));
            default -> {
                b.put((byte) (kind.equals("ANIM") ? 0x02 : 0)).put((byte) 0).put((byte) 0).put((byte) 0);
                b.put((byte) (width - 1)).put((byte) ((width - 1) >> 8)).put((byte) ((width - 1) >> 16));
                b.put((byte) (height - 1)).put((byte) ((height - 1) >> 8)).put((byte) ((height - 1) >> 16));
            }
        }
        return b.array();
    }

    /** A PNG whose IHDR claims the size but whose data is tiny: a decompression bomb's header. */
    static byte[] pngBombHeader(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 0)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    static byte[] truncate(byte[] b, double fraction) {
        return Arrays.copyOf(b, (int) (b.length * fraction));
    }
}
