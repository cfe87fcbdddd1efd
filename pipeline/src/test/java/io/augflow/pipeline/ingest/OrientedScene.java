package io.augflow.pipeline.ingest;

import io.augflow.augment.Box;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;

/**
 * An upright picture U ({@link #WIDTH} x {@link #HEIGHT}, dark, with one bright block near its top-left corner and
 * a labelled box around the block) and the pixels a camera would store for it under each EXIF orientation: U turned
 * by the inverse of the orientation. The stored block's position is worked out by hand per orientation below, not
 * by the code under test, so a test that decodes a stored image and finds the block inside the box checks the
 * orientation handling end to end.
 */
final class OrientedScene {
    static final int WIDTH = 96;
    static final int HEIGHT = 64;
    /** The bright block in U: x, y, w, h. Off-centre and not square, so every orientation moves it differently. */
    static final Rect BLOCK = new Rect(12, 8, 20, 12);
    /** The labelled box: the block with a 4 px margin (JPEG ringing stays inside it). */
    static final Box BOX = new Box(1, 8, 4, 28, 20);
    static final double DARK = 40;
    static final double BRIGHT = 250;

    private OrientedScene() {}

    /** Where the block lies in the stored pixels for orientation {@code o} (1..8), derived by hand. */
    static Rect storedBlock(int o) {
        int bx = BLOCK.x;
        int by = BLOCK.y;
        int bw = BLOCK.width;
        int bh = BLOCK.height;
        int w = WIDTH;
        int h = HEIGHT;
        return switch (o) {
            case 1 -> new Rect(bx, by, bw, bh);
            case 2 -> new Rect(w - bx - bw, by, bw, bh); // mirrored left-right
            case 3 -> new Rect(w - bx - bw, h - by - bh, bw, bh); // upside down
            case 4 -> new Rect(bx, h - by - bh, bw, bh); // mirrored top-bottom
            case 5 -> new Rect(by, bx, bh, bw); // transposed
            case 6 -> new Rect(by, w - bx - bw, bh, bw); // stored turned 90 degrees counter-clockwise
            case 7 -> new Rect(h - by - bh, w - bx - bw, bh, bw); // transposed across the other diagonal
            case 8 -> new Rect(h - by - bh, bx, bh, bw); // stored turned 90 degrees clockwise
            default -> throw new IllegalArgumentException("orientation " + o);
        };
    }

    /** The stored pixels for orientation {@code o}: {@code HEIGHT x WIDTH} for 5-8, else {@code WIDTH x HEIGHT}. */
    static Mat stored(int o, int channels) {
        boolean swapped = o >= 5;
        Mat m = new Mat(swapped ? WIDTH : HEIGHT, swapped ? HEIGHT : WIDTH, CvType.CV_8UC(channels), Scalar.all(DARK));
        m.submat(storedBlock(o)).setTo(Scalar.all(BRIGHT));
        return m;
    }

    /** The upright picture U itself. */
    static Mat upright(int channels) {
        return stored(1, channels);
    }

    /** The bounding rectangle of the pixels brighter than mid-grey (in the first channel); empty when none. */
    static Rect brightRegion(Mat image) {
        Mat first = new Mat();
        Core.extractChannel(image, first, 0);
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = -1;
        int maxY = -1;
        byte[] row = new byte[first.cols()];
        for (int y = 0; y < first.rows(); y++) {
            first.get(y, 0, row);
            for (int x = 0; x < row.length; x++) {
                if ((row[x] & 0xFF) > (DARK + BRIGHT) / 2) {
                    minX = Math.min(minX, x);
                    minY = Math.min(minY, y);
                    maxX = Math.max(maxX, x);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        first.release();
        return maxX < 0 ? new Rect() : new Rect(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    /** Whether {@code r} lies inside {@code box}. */
    static boolean inside(Rect r, Box box) {
        return r.width > 0 && r.x >= box.x() && r.y >= box.y() && r.x + r.width <= box.x2() && r.y + r.height <= box.y2();
    }
}
