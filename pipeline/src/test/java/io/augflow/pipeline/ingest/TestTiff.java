package io.augflow.pipeline.ingest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/**
 * Uncompressed baseline TIFF files written byte by byte (OpenCV's encoder writes little-endian only and no
 * Orientation tag): either byte order, 8-bit grey or RGB, several strips, an optional Orientation.
 */
final class TestTiff {
    private TestTiff() {}

    /** {@code image} (8-bit grey or BGR) as TIFF; {@code orientation} 0 writes no Orientation tag. */
    static byte[] encode(Mat image, boolean bigEndian, int orientation) {
        return encode(image, bigEndian, orientation, image.cols(), image.rows());
    }

    /**
     * @param claimedWidth the width written in the header (a bomb claims far more than its strips hold)
     */
    static byte[] encode(Mat image, boolean bigEndian, int orientation, long claimedWidth, long claimedHeight) {
        int w = image.cols();
        int h = image.rows();
        int c = image.channels();
        if (image.depth() != CvType.CV_8U || (c != 1 && c != 3)) {
            throw new IllegalArgumentException("8-bit grey or BGR only, got " + image);
        }
        Mat rgb = new Mat();
        if (c == 3) {
            Imgproc.cvtColor(image, rgb, Imgproc.COLOR_BGR2RGB);
        } else {
            image.copyTo(rgb);
        }
        byte[] pixels = new byte[w * h * c];
        rgb.get(0, 0, pixels);
        rgb.release();
        int rowsPerStrip = Math.max(1, (h + 2) / 3); // three strips for most heights
        int strips = (h + rowsPerStrip - 1) / rowsPerStrip;

        List<long[]> entries = new ArrayList<>(); // tag, type, count, value (inline or offset, patched below)
        int n = 10 + (orientation > 0 ? 1 : 0);
        int ifd = 8;
        int after = ifd + 2 + 12 * n + 4;
        int bitsAt = after;
        int offsetsAt = bitsAt + 6;
        int countsAt = offsetsAt + 4 * strips;
        int dataAt = countsAt + 4 * strips;
        entries.add(new long[] {0x100, 4, 1, claimedWidth});
        entries.add(new long[] {0x101, 4, 1, claimedHeight});
        entries.add(c == 3 ? new long[] {0x102, 3, 3, bitsAt} : new long[] {0x102, 3, 1, 8});
        entries.add(new long[] {0x103, 3, 1, 1});
        entries.add(new long[] {0x106, 3, 1, c == 3 ? 2 : 1});
        entries.add(new long[] {0x111, 4, strips, strips == 1 ? dataAt : offsetsAt});
        if (orientation > 0) {
            entries.add(new long[] {0x112, 3, 1, orientation});
        }
        entries.add(new long[] {0x115, 3, 1, c});
        entries.add(new long[] {0x116, 4, 1, rowsPerStrip});
        entries.add(new long[] {0x117, 4, strips, strips == 1 ? pixels.length : countsAt});
        entries.add(new long[] {0x11C, 3, 1, 1});

        ByteBuffer bb = ByteBuffer.allocate(dataAt + pixels.length)
                .order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        bb.put(bigEndian ? (byte) 'M' : (byte) 'I').put(bigEndian ? (byte) 'M' : (byte) 'I').putShort((short) 42)
                .putInt(ifd);
        bb.putShort((short) n);
        for (long[] e : entries) {
            bb.putShort((short) e[0]).putShort((short) e[1]).putInt((int) e[2]);
            if (e[1] == 3 && e[2] == 1) {
                bb.putShort((short) e[3]).putShort((short) 0); // a SHORT sits in the field's first two bytes
            } else {
                bb.putInt((int) e[3]);
            }
        }
        bb.putInt(0);
        bb.putShort((short) 8).putShort((short) 8).putShort((short) 8);
        int rowBytes = w * c;
        for (int s = 0; s < strips; s++) {
            bb.putInt(dataAt + s * rowsPerStrip * rowBytes);
        }
        for (int s = 0; s < strips; s++) {
            bb.putInt(Math.min(rowsPerStrip, h - s * rowsPerStrip) * rowBytes);
        }
        bb.put(pixels);
        return bb.array();
    }
}
