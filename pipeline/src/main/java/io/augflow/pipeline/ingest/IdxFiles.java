package io.augflow.pipeline.ingest;

import io.augflow.augment.DataException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * One IDX image file and its label file (MNIST's format: big-endian magic {@code 0x00000803} + count, rows, cols,
 * then unsigned bytes; labels {@code 0x00000801} + count, then one byte each), plain or gzip.
 *
 * @param prefix the file name before {@code -images-}, e.g. "train" or "t10k"; part of the row ids
 * @param split the split the prefix names, null when it names none
 */
record IdxFiles(String images, String labels, String prefix, String split, int count, int rows, int cols)
        implements Serializable {

    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    /** Opens a file, un-gzipping it when it starts with the gzip magic. */
    static DataInputStream open(String path, Configuration hadoop) throws IOException {
        Path p = new Path(path);
        InputStream in = new BufferedInputStream(p.getFileSystem(hadoop).open(p), 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        return new DataInputStream(in);
    }

    /** Reads and checks both headers on the driver (a few bytes each), failing with the file name on a mismatch. */
    static IdxFiles inspect(String images, String labels, String prefix, String split, Configuration hadoop) {
        try (DataInputStream img = open(images, hadoop); DataInputStream lab = open(labels, hadoop)) {
            int magic = img.readInt();
            if (magic != IMAGES_MAGIC) {
                throw new DataException(images + " is not an IDX image file: magic 0x"
                        + Integer.toHexString(magic) + ", expected 0x803 (unsigned bytes, 3 dimensions)");
            }
            int count = img.readInt();
            int rows = img.readInt();
            int cols = img.readInt();
            int labelMagic = lab.readInt();
            if (labelMagic != LABELS_MAGIC) {
                throw new DataException(labels + " is not an IDX label file: magic 0x"
                        + Integer.toHexString(labelMagic) + ", expected 0x801");
            }
            int labelCount = lab.readInt();
            if (labelCount != count) {
                throw new DataException(images + " holds " + count + " images but " + labels + " holds "
                        + labelCount + " labels; they must match");
            }
            if (count < 0 || rows <= 0 || cols <= 0) {
                throw new DataException(images + " has an invalid header: " + count + " images of "
                        + rows + "x" + cols);
            }
            return new IdxFiles(images, labels, prefix, split, count, rows, cols);
        } catch (IOException e) {
            throw new DataException("cannot read the IDX headers of " + images + " / " + labels + ": " + e, e);
        }
    }
}
