package io.augflow.jobs.preview;

import io.augflow.augment.Box;
import io.augflow.augment.Sample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Draws the preview picture: one row per sample, the original in the first column and its augmentation
 * draws after it, each image scaled to fit a square cell with its boxes drawn in the colour of their class.
 *
 * <pre>
 *   +-------------------------------------------------------------+
 *   | title (2 lines)                                             |  TITLE_HEIGHT
 *   |            original   aug 1    aug 2   ...                   |  HEADER_HEIGHT
 *   | id       [ cell ]  [ cell ]  [ cell ]                        |  cell + GAP per sample
 *   | label                                                       |
 *   | legend: [] circle  [] square ... [] pasted (*)              |  legend lines
 *   +-------------------------------------------------------------+
 *   width  = LABEL_WIDTH + columns * (cell + GAP) + GAP
 *   height = TITLE_HEIGHT + HEADER_HEIGHT + samples * (cell + GAP) + legendLines * LEGEND_LINE + GAP
 * </pre>
 *
 * <p>An image of {@code W x H} is scaled by {@code s = min(cell / W, cell / H)} and centred; enlarged with
 * nearest neighbour (no invented pixels: a 28x28 image shows its real pixels, blur shows as blur) and
 * shrunk with pixel-area averaging. A box {@code (x, y, w, h)} is outlined from
 * {@code (round(x * sx), round(y * sy))} to {@code (round((x + w) * sx) - 1, round((y + h) * sy) - 1)} in the
 * cell's image area, where {@code sx, sy} are the scaled image size over the original. Boxes and labels are
 * clipped to the image area; labels are drawn first (small boxes' last, on top) and every outline over them.
 * Pasted boxes ({@link Box#pasted()}) are dashed in their class colour and white
 * and their label ends in {@code *}. Classes have fixed colours ({@link #classColour}); the legend lists
 * every class of the dataset.
 */
public final class PreviewGrid {
    public static final int LABEL_WIDTH = 160;
    public static final int TITLE_HEIGHT = 38;
    public static final int HEADER_HEIGHT = 18;
    public static final int GAP = 4;
    public static final int LEGEND_LINE = 18;

    static final Scalar BACKGROUND = new Scalar(30, 30, 30);
    static final Scalar CELL_BACKGROUND = new Scalar(70, 70, 70);
    static final Scalar PASTED_MARK = new Scalar(255, 255, 255);
    private static final Scalar TEXT = new Scalar(235, 235, 235);
    private static final Scalar DIM_TEXT = new Scalar(170, 170, 170);
    private static final int FONT = Imgproc.FONT_HERSHEY_PLAIN;
    private static final double FONT_SCALE = 0.9;
    private static final double BOX_FONT_SCALE = 0.75;
    private static final int SWATCH = 12;
    private static final int DASH = 4;

    /** Distinct colours (BGR) for classes 0, 1, ...; repeated after the last. No white: it marks pasted boxes. */
    private static final List<Scalar> PALETTE = List.of(
            bgr(230, 25, 75), bgr(60, 180, 75), bgr(255, 225, 25), bgr(0, 130, 200), bgr(245, 130, 48),
            bgr(145, 30, 180), bgr(70, 240, 240), bgr(240, 50, 230), bgr(210, 245, 60), bgr(250, 190, 212),
            bgr(0, 128, 128), bgr(220, 190, 255), bgr(170, 110, 40), bgr(255, 250, 200), bgr(128, 0, 0),
            bgr(170, 255, 195), bgr(128, 128, 0), bgr(255, 215, 180), bgr(0, 0, 128));

    /** One grid row: the original and its augmentation draws, in column order. */
    public record Row(Sample original, List<Sample> augmented) {
        public Row {
            Objects.requireNonNull(original, "original");
            augmented = List.copyOf(augmented);
        }
    }

    /** Where everything goes; see the class comment for the formulas. */
    public record Layout(int samples, int columns, int cell, int legendLines) {
        public int width() {
            return LABEL_WIDTH + columns * (cell + GAP) + GAP;
        }

        public int height() {
            return gridTop() + samples * (cell + GAP) + legendLines * LEGEND_LINE + GAP;
        }

        int gridTop() {
            return TITLE_HEIGHT + HEADER_HEIGHT;
        }

        /** The top-left corner of the cell of sample {@code row}, column {@code column} (0 = original). */
        public Point cellOrigin(int row, int column) {
            return new Point(LABEL_WIDTH + column * (cell + GAP), gridTop() + row * (cell + GAP));
        }

        int legendTop() {
            return gridTop() + samples * (cell + GAP);
        }
    }

    private final int cell;
    private final List<String> classNames;
    private final List<String> title;
    private final double smallArea;

    /**
     * @param cell       side of a square cell in px
     * @param classNames the dataset's class names, by id (legend and box labels)
     * @param title      the first lines of the picture (at most 2; longer lines are cut at the picture's edge)
     * @param smallArea  a box below this area (px^2) counts as small in the row headers
     */
    public PreviewGrid(int cell, List<String> classNames, List<String> title, double smallArea) {
        if (cell < 8) {
            throw new IllegalArgumentException("cell must be >= 8 px, got " + cell);
        }
        this.cell = cell;
        this.classNames = List.copyOf(classNames);
        if (title.size() > 2) {
            throw new IllegalArgumentException("a preview title has at most 2 lines, got " + title.size());
        }
        this.title = List.copyOf(title);
        this.smallArea = smallArea;
    }

    /** The colour (BGR) of class {@code classId}: fixed, so every preview of a dataset uses the same. */
    public static Scalar classColour(int classId) {
        return PALETTE.get(Math.floorMod(classId, PALETTE.size()));
    }

    public Layout layout(int samples, int augmentations) {
        int columns = augmentations + 1;
        int width = new Layout(samples, columns, cell, 0).width();
        return new Layout(samples, columns, cell, legendLines(width));
    }

    /** The picture, 8-bit BGR; every row must hold the same number of augmentation draws. */
    public Mat render(List<Row> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a preview needs at least one row");
        }
        int augmentations = rows.get(0).augmented().size();
        for (Row r : rows) {
            if (r.augmented().size() != augmentations) {
                throw new IllegalArgumentException("every row needs " + augmentations + " augmentation draws, row '"
                        + r.original().id() + "' has " + r.augmented().size());
            }
        }
        Layout layout = layout(rows.size(), augmentations);
        Mat canvas = new Mat(layout.height(), layout.width(), CvType.CV_8UC3, BACKGROUND);
        for (int i = 0; i < title.size(); i++) {
            text(canvas, title.get(i), new Point(GAP, 14 + 16 * i), i == 0 ? TEXT : DIM_TEXT, FONT_SCALE);
        }
        for (int c = 0; c < layout.columns(); c++) {
            String header = c == 0 ? "original" : "aug " + c;
            Point o = layout.cellOrigin(0, c);
            double w = textSize(header, FONT_SCALE).width;
            text(canvas, header, new Point(o.x + (cell - w) / 2.0, layout.gridTop() - 5), TEXT, FONT_SCALE);
        }
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            rowHeader(canvas, layout.cellOrigin(r, 0), row.original());
            drawCell(canvas, layout.cellOrigin(r, 0), row.original());
            for (int a = 0; a < augmentations; a++) {
                drawCell(canvas, layout.cellOrigin(r, a + 1), row.augmented().get(a));
            }
        }
        legend(canvas, layout);
        return canvas;
    }

    /** The sample's id, label, boxes and size, as many lines as fit beside its cell. */
    private void rowHeader(Mat canvas, Point cellOrigin, Sample s) {
        long small = s.boxes().stream().filter(b -> b.area() < smallArea).count();
        List<String> lines = List.of(s.id(),
                s.label().isPresent() ? "label " + className(s.label().getAsInt()) : "no label",
                s.boxes().size() + (s.boxes().size() == 1 ? " box" : " boxes") + (small > 0 ? ", " + small + " small" : ""),
                s.width() + "x" + s.height() + "x" + s.channels());
        int maxWidth = LABEL_WIDTH - 2 * GAP;
        for (int i = 0; i < lines.size() && 12 + i * 16 <= cell; i++) {
            text(canvas, fit(lines.get(i), maxWidth), new Point(GAP, cellOrigin.y + 12 + i * 16),
                    i == 0 ? TEXT : DIM_TEXT, FONT_SCALE);
        }
    }

    private void drawCell(Mat canvas, Point origin, Sample s) {
        Mat cellArea = canvas.submat(new Rect((int) origin.x, (int) origin.y, cell, cell));
        cellArea.setTo(CELL_BACKGROUND);
        double scale = Math.min((double) cell / s.width(), (double) cell / s.height());
        int w = Math.max(1, Math.min(cell, (int) Math.round(s.width() * scale)));
        int h = Math.max(1, Math.min(cell, (int) Math.round(s.height() * scale)));
        Mat scaled = new Mat();
        Imgproc.resize(s.image(), scaled, new Size(w, h), 0, 0, scale >= 1 ? Imgproc.INTER_NEAREST : Imgproc.INTER_AREA);
        if (scaled.channels() == 1) {
            Imgproc.cvtColor(scaled, scaled, Imgproc.COLOR_GRAY2BGR);
        }
        Mat image = cellArea.submat(new Rect((cell - w) / 2, (cell - h) / 2, w, h));
        scaled.copyTo(image);
        scaled.release();
        double sx = (double) w / s.width();
        double sy = (double) h / s.height();
        // labels first, largest boxes first (small objects' labels end on top), then every outline over them
        List<Box> byArea = new ArrayList<>(s.boxes());
        byArea.sort(Comparator.comparingDouble(Box::area).reversed());
        for (Box b : byArea) {
            drawLabel(image, b, sx, sy);
        }
        for (Box b : s.boxes()) {
            drawOutline(image, b, sx, sy);
        }
        image.release();
        cellArea.release();
    }

    /** The box corners in the scaled image: the formula in the class comment. */
    private static Rect scaled(Box b, double sx, double sy) {
        int x1 = (int) Math.round(b.x() * sx);
        int y1 = (int) Math.round(b.y() * sy);
        int x2 = Math.max(x1, (int) Math.round(b.x2() * sx) - 1);
        int y2 = Math.max(y1, (int) Math.round(b.y2() * sy) - 1);
        return new Rect(x1, y1, x2 - x1 + 1, y2 - y1 + 1);
    }

    private static void drawOutline(Mat image, Box b, double sx, double sy) {
        Rect r = scaled(b, sx, sy);
        int x2 = r.x + r.width - 1;
        int y2 = r.y + r.height - 1;
        Scalar colour = classColour(b.classId());
        if (b.pasted()) {
            dashedRectangle(image, r.x, r.y, x2, y2, colour);
        } else {
            Imgproc.rectangle(image, new Point(r.x, r.y), new Point(x2, y2), colour, 1, Imgproc.LINE_8);
        }
    }

    /** The class name (with {@code *} when pasted) on a patch of the class colour, above the box if it fits. */
    private void drawLabel(Mat image, Box b, double sx, double sy) {
        Rect r = scaled(b, sx, sy);
        Scalar colour = classColour(b.classId());
        String label = className(b.classId()) + (b.pasted() ? "*" : "");
        Size size = textSize(label, BOX_FONT_SCALE);
        int th = (int) size.height + 3;
        int y2 = r.y + r.height - 1;
        // above the box when there is room, else below it, else inside its top edge
        int top = r.y - th >= 0 ? r.y - th : y2 + 1 + th <= image.rows() ? y2 + 1 : r.y + 1;
        Imgproc.rectangle(image, new Point(r.x, top), new Point(r.x + size.width + 1, top + th - 1), colour, -1);
        text(image, label, new Point(r.x + 1, top + th - 2), contrastOn(colour), BOX_FONT_SCALE);
    }

    /** A rectangle outline of segments alternating {@code colour} and {@link #PASTED_MARK}. */
    private static void dashedRectangle(Mat image, int x1, int y1, int x2, int y2, Scalar colour) {
        dashedLine(image, x1, y1, x2, y1, colour);
        dashedLine(image, x2, y1, x2, y2, colour);
        dashedLine(image, x2, y2, x1, y2, colour);
        dashedLine(image, x1, y2, x1, y1, colour);
    }

    private static void dashedLine(Mat image, int xa, int ya, int xb, int yb, Scalar colour) {
        int length = Math.max(Math.abs(xb - xa), Math.abs(yb - ya));
        int dx = Integer.signum(xb - xa);
        int dy = Integer.signum(yb - ya);
        for (int start = 0, k = 0; start <= length; start += DASH, k++) {
            int end = Math.min(length, start + DASH - 1);
            Imgproc.line(image, new Point(xa + dx * start, ya + dy * start), new Point(xa + dx * end, ya + dy * end),
                    k % 2 == 0 ? colour : PASTED_MARK, 1, Imgproc.LINE_8);
        }
    }

    /** Legend entries in rows of the canvas width: a colour swatch and the class name, then the pasted mark. */
    private void legend(Mat canvas, Layout layout) {
        int x = GAP;
        int line = 0;
        for (LegendEntry e : legendEntries()) {
            if (x + e.width() > layout.width() - GAP && x > GAP) {
                x = GAP;
                line++;
            }
            int y = layout.legendTop() + line * LEGEND_LINE + GAP;
            if (e.pasted()) {
                dashedRectangle(canvas, x, y, x + SWATCH - 1, y + SWATCH - 1, DIM_TEXT);
            } else {
                Imgproc.rectangle(canvas, new Point(x, y), new Point(x + SWATCH - 1, y + SWATCH - 1), e.colour(), -1);
            }
            text(canvas, e.text(), new Point(x + SWATCH + 4, y + SWATCH - 1), TEXT, FONT_SCALE);
            x += e.width();
        }
    }

    private int legendLines(int width) {
        int x = GAP;
        int lines = 1;
        for (LegendEntry e : legendEntries()) {
            if (x + e.width() > width - GAP && x > GAP) {
                x = GAP;
                lines++;
            }
            x += e.width();
        }
        return lines;
    }

    private record LegendEntry(String text, Scalar colour, boolean pasted, int width) {}

    private List<LegendEntry> legendEntries() {
        List<LegendEntry> entries = new ArrayList<>(classNames.size() + 1);
        for (int c = 0; c < classNames.size(); c++) {
            String t = c + " " + classNames.get(c);
            entries.add(new LegendEntry(t, classColour(c), false, entryWidth(t)));
        }
        String pasted = "* = pasted by copy-paste";
        entries.add(new LegendEntry(pasted, PASTED_MARK, true, entryWidth(pasted)));
        return entries;
    }

    private static int entryWidth(String text) {
        return SWATCH + 4 + (int) Math.ceil(textSize(text, FONT_SCALE).width) + 14;
    }

    private String className(int classId) {
        return classId < classNames.size() ? classNames.get(classId) : "class " + classId;
    }

    /** {@code s}, or its end with a leading ".." when it is wider than {@code maxWidth} px. */
    private static String fit(String s, int maxWidth) {
        if (textSize(s, FONT_SCALE).width <= maxWidth) {
            return s;
        }
        for (int from = 1; from < s.length(); from++) {
            String t = ".." + s.substring(from);
            if (textSize(t, FONT_SCALE).width <= maxWidth) {
                return t;
            }
        }
        return "..";
    }

    private static Size textSize(String s, double scale) {
        return Imgproc.getTextSize(s, FONT, scale, 1, new int[1]);
    }

    private static void text(Mat canvas, String s, Point bottomLeft, Scalar colour, double scale) {
        Imgproc.putText(canvas, s, bottomLeft, FONT, scale, colour, 1, Imgproc.LINE_AA);
    }

    /** Black on light colours, white on dark ones (ITU-R BT.601 luma). */
    private static Scalar contrastOn(Scalar bgr) {
        double luma = 0.114 * bgr.val[0] + 0.587 * bgr.val[1] + 0.299 * bgr.val[2];
        return luma > 140 ? new Scalar(0, 0, 0) : new Scalar(255, 255, 255);
    }

    private static Scalar bgr(int r, int g, int b) {
        return new Scalar(b, g, r);
    }
}
