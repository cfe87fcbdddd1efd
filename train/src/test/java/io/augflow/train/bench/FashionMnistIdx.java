package io.augflow.train.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the first {@code limit} samples of a gzip IDX image/label pair (Fashion-MNIST as shipped by the Debian
 * package {@code dataset-fashion-mnist}) into NCHW floats in [0, 1] and class indices.
 */
final class FashionMnistIdx {

    private static final int IMAGES_MAGIC = 2051;
    private static final int LABELS_MAGIC = 2049;

    final int count;
    final int height;
    final int width;
    final float[] pixels;
    final int[] labels;

    private FashionMnistIdx(int count, int height, int width, float[] pixels, int[] labels) {
        this.count = count;
        this.height = height;
        this.width = width;
        this.pixels = pixels;
        this.labels = labels;
    }

    static FashionMnistIdx read(Path images, Path labels, int limit) throws IOException {
        try (DataInputStream img = open(images); DataInputStream lab = open(labels)) {
            expectMagic(img, IMAGES_MAGIC, images);
            expectMagic(lab, LABELS_MAGIC, labels);
            int n = img.readInt();
            int h = img.readInt();
            int w = img.readInt();
            int nLabels = lab.readInt();
            if (n != nLabels) {
                throw new IOException(images + " has " + n + " images but " + labels + " has " + nLabels + " labels");
            }
            int count = Math.min(n, limit);
            byte[] raw = new byte[count * h * w];
            img.readFully(raw);
            float[] px = new float[raw.length];
            for (int i = 0; i < raw.length; i++) {
                px[i] = (raw[i] & 0xff) / 255f;
            }
            int[] y = new int[count];
            for (int i = 0; i < count; i++) {
                y[i] = lab.readUnsignedByte();
            }
            return new FashionMnistIdx(count, h, w, px, y);
        }
    }

    private static DataInputStream open(Path p) throws IOException {
        InputStream in = Files.newInputStream(p);
        return new DataInputStream(new GZIPInputStream(in, 1 << 16));
    }

    private static void expectMagic(DataInputStream in, int expected, Path p) throws IOException {
        int magic = in.readInt();
        if (magic != expected) {
            throw new IOException(p + ": IDX magic must be " + expected + ", got " + magic);
        }
    }
}
