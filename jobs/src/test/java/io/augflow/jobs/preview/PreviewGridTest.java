package io.augflow.jobs.preview;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.Box;
import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;

class PreviewGridTest {
    private static final List<String> CLASSES = List.of("circle", "square", "triangle", "cross");

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    private static Sample black(String id, int width, int height, int channels, Box... boxes) {
        return new Sample(id, new Mat(height, width, CvType.makeType(CvType.CV_8U, channels), Scalar.all(0)),
                List.of(boxes), Sample.NO_LABEL);
    }

    private static double[] bgr(Mat canvas, double x, double y) {
        double[] v = canvas.get((int) y, (int) x);
        return new double[] {v[0], v[1], v[2]};
    }

    private static double[] colour(int classId) {
        Scalar s = PreviewGrid.classColour(classId);
        return new double[] {s.val[0], s.val[1], s.val[2]};
    }

    /**
     * A box's outline lands where the class comment's formula puts it, for images enlarged (28 px: nearest
     * neighbour, non-integer factor), square and not, grey and colour, and shrunk (320 px).
     */
    @ParameterizedTest
    @CsvSource({"28, 28, 1", "32, 32, 3", "64, 32, 1", "96, 96, 3", "320, 240, 3"})
    void boxOutlineIsDrawnInItsClassColourAtTheScaledPosition(int width, int height, int channels) {
        int cell = 160;
        SplittableRandom rng = new SplittableRandom(width * 31L + height);
        for (int trial = 0; trial < 10; trial++) {
            int classId = rng.nextInt(CLASSES.size());
            float w = rng.nextInt(width / 4, width / 2);
            float h = rng.nextInt(height / 4, height / 2);
            float x = rng.nextInt(0, (int) (width - w));
            float y = rng.nextInt(0, (int) (height - h));
            Box box = new Box(classId, x, y, w, h);
            Sample original = black("s", width, height, channels, box);
            Sample augmented = black("s", width, height, channels);
            PreviewGrid grid = new PreviewGrid(cell, CLASSES, List.of("t"), 1024);
            Mat canvas = grid.render(List.of(new PreviewGrid.Row(original, List.of(augmented))));

            double scale = Math.min((double) cell / width, (double) cell / height);
            int sw = (int) Math.round(width * scale);
            int sh = (int) Math.round(height * scale);
            double sx = (double) sw / width;
            double sy = (double) sh / height;
            Point o = grid.layout(1, 1).cellOrigin(0, 0);
            double ox = o.x + (cell - sw) / 2;
            double oy = o.y + (cell - sh) / 2;
            long x1 = Math.round(x * sx);
            long x2 = Math.round((x + w) * sx) - 1;
            long y1 = Math.round(y * sy);
            long y2 = Math.round((y + h) * sy) - 1;
            long midY = (y1 + y2) / 2;
            String where = width + "x" + height + " box " + box;
            assertArrayEquals(colour(classId), bgr(canvas, ox + x1, oy + midY), where + ": left edge");
            assertArrayEquals(colour(classId), bgr(canvas, ox + x2, oy + midY), where + ": right edge");
            assertArrayEquals(colour(classId), bgr(canvas, ox + (x1 + x2) / 2, oy + y2), where + ": bottom edge");
            assertArrayEquals(new double[] {0, 0, 0}, bgr(canvas, ox + (x1 + x2) / 2, oy + midY), where + ": inside");
            if (x1 > 0) {
                assertArrayEquals(new double[] {0, 0, 0}, bgr(canvas, ox + x1 - 1, oy + midY), where + ": outside");
            }
            // the augmented cell has no box: its image area at the same place is untouched
            Point a = grid.layout(1, 1).cellOrigin(0, 1);
            assertArrayEquals(new double[] {0, 0, 0}, bgr(canvas, a.x + (cell - sw) / 2 + x1, oy + midY), where);
            canvas.release();
        }
    }

    @Test
    void pastedBoxesAreDashedInTheirColourAndWhite() {
        Box pasted = new Box(1, 10, 10, 40, 40, true);
        PreviewGrid grid = new PreviewGrid(100, CLASSES, List.of("t"), 1024);
        Mat canvas = grid.render(List.of(new PreviewGrid.Row(black("p", 100, 100, 3, pasted),
                List.of(black("p", 100, 100, 3)))));
        Point o = grid.layout(1, 1).cellOrigin(0, 0);
        Set<String> seen = new HashSet<>();
        for (int y = 20; y < 49; y++) { // the left edge, below the label
            double[] px = bgr(canvas, o.x + 10, o.y + y);
            seen.add(px[0] + "," + px[1] + "," + px[2]);
        }
        double[] c = colour(1);
        assertEquals(Set.of(c[0] + "," + c[1] + "," + c[2], "255.0,255.0,255.0"), seen);
    }

    @Test
    void enlargedImagesKeepTheirPixelValues() {
        Mat checker = new Mat(28, 28, CvType.CV_8UC1, Scalar.all(30));
        for (int i = 0; i < 28; i += 2) {
            checker.submat(new Rect(i, 0, 1, 28)).setTo(Scalar.all(220));
        }
        Sample s = new Sample("c", checker, List.of(), 0);
        PreviewGrid grid = new PreviewGrid(160, CLASSES, List.of("t"), 1024);
        Mat canvas = grid.render(List.of(new PreviewGrid.Row(s, List.of(s))));
        Point o = grid.layout(1, 1).cellOrigin(0, 1);
        int side = (int) Math.round(28 * (160.0 / 28));
        Mat area = canvas.submat(new Rect((int) o.x + (160 - side) / 2, (int) o.y + (160 - side) / 2, side, side));
        byte[] pixels = new byte[side * side * 3];
        area.get(0, 0, pixels);
        Set<Integer> values = new HashSet<>();
        for (byte b : pixels) {
            values.add(b & 0xff);
        }
        assertEquals(Set.of(30, 220), values, "nearest neighbour: no interpolated values");
    }

    @Test
    void pictureSizeFollowsTheLayout() {
        for (int samples : new int[] {1, 3}) {
            for (int augmentations : new int[] {1, 4}) {
                PreviewGrid grid = new PreviewGrid(64, CLASSES, List.of("t"), 1024);
                List<PreviewGrid.Row> rows = new ArrayList<>();
                for (int r = 0; r < samples; r++) {
                    Sample s = black("r" + r, 50, 40, 3, new Box(r % 4, 5, 5, 10, 10));
                    rows.add(new PreviewGrid.Row(s, Collections.nCopies(augmentations, s)));
                }
                Mat canvas = grid.render(rows);
                PreviewGrid.Layout layout = grid.layout(samples, augmentations);
                assertEquals(PreviewGrid.LABEL_WIDTH + (augmentations + 1) * (64 + PreviewGrid.GAP) + PreviewGrid.GAP,
                        canvas.cols());
                assertEquals(layout.width(), canvas.cols());
                assertEquals(layout.height(), canvas.rows());
                assertTrue(canvas.rows() >= PreviewGrid.TITLE_HEIGHT + PreviewGrid.HEADER_HEIGHT
                        + samples * (64 + PreviewGrid.GAP) + PreviewGrid.LEGEND_LINE);
            }
        }
    }

    @Test
    void rowsNeedTheSameNumberOfDraws() {
        Sample s = black("a", 10, 10, 1);
        PreviewGrid grid = new PreviewGrid(64, CLASSES, List.of("t"), 1024);
        var e = assertThrows(IllegalArgumentException.class, () -> grid.render(List.of(
                new PreviewGrid.Row(s, List.of(s, s)), new PreviewGrid.Row(s, List.of(s)))));
        assertTrue(e.getMessage().contains("every row needs 2"), e.getMessage());
    }

    @Test
    void classColoursAreDistinctAndStable() {
        Set<String> colours = new HashSet<>();
        for (int c = 0; c < 19; c++) {
            colours.add(PreviewGrid.classColour(c).toString());
            assertEquals(PreviewGrid.classColour(c).toString(), PreviewGrid.classColour(c + 19).toString());
        }
        assertEquals(19, colours.size());
        assertTrue(!colours.contains(PreviewGrid.PASTED_MARK.toString()));
    }
}
