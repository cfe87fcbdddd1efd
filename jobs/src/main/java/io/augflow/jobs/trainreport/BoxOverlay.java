package io.augflow.jobs.trainreport;

import io.augflow.augment.Sample;
import io.augflow.pipeline.dataset.SampleRows;
import io.augflow.train.detect.eval.Detection;
import io.augflow.train.detect.eval.GroundTruthBox;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Draws a test image as a tile: scaled to about {@link #TILE_SIDE} pixels on its longer side (by a whole factor,
 * nearest neighbour, when it grows, so small images stay sharp; by area when it shrinks), ground-truth boxes in
 * {@link #TRUTH} and detections in {@link #PREDICTION} with their class name and score on a label.
 *
 * <p>A box {@code (x, y, w, h)} in image pixels is drawn on the tile pixels {@code [x * s, (x + w) * s - 1]} by
 * {@code [y * s, (y + h) * s - 1]}, {@code s} the scale. At most {@link #MAX_DRAWN} detections are drawn, the best
 * scored (an early, untrained detector puts 100 boxes on every image, which would hide it). Detections and their
 * labels come first, the ground truth last, so it always shows (a perfect hit shows the truth's colour beside the
 * prediction's label). Crowd regions are drawn with a thin line: they are neither missed nor matched.
 */
final class BoxOverlay {
    static final int TILE_SIDE = 256;
    /** Detections drawn per image, at most. */
    static final int MAX_DRAWN = 10;
    /** Ground truth, BGR: green. */
    static final Scalar TRUTH = new Scalar(0, 190, 0);
    /** Detections, BGR: red. */
    static final Scalar PREDICTION = new Scalar(40, 40, 230);
    private static final Scalar LABEL_TEXT = new Scalar(255, 255, 255);
    private static final double FONT_SCALE = 0.4;

    private BoxOverlay() {}

    /** The tile of {@code sample}; {@code detections} are those above the display threshold. */
    static ExampleTile draw(Sample sample, List<GroundTruthBox> truths, List<Detection> detections,
            List<String> classNames) {
        List<Detection> drawn = detections.stream().sorted(Comparator.comparingDouble(Detection::score).reversed())
                .limit(MAX_DRAWN).toList();
        Mat image = sample.image();
        double scale = (double) TILE_SIDE / Math.max(image.cols(), image.rows());
        if (scale > 1) {
            scale = Math.floor(scale);
        }
        Mat bgr = new Mat();
        Mat tile = new Mat();
        try {
            if (image.channels() == 1) {
                Imgproc.cvtColor(image, bgr, Imgproc.COLOR_GRAY2BGR);
            } else {
                image.copyTo(bgr);
            }
            Imgproc.resize(bgr, tile, new Size(Math.max(1, Math.round(image.cols() * scale)),
                    Math.max(1, Math.round(image.rows() * scale))), 0, 0,
                    scale >= 1 ? Imgproc.INTER_NEAREST : Imgproc.INTER_AREA);
            for (Detection d : drawn) {
                rectangle(tile, d.x(), d.y(), d.w(), d.h(), scale, PREDICTION, 2);
            }
            for (Detection d : drawn) {
                label(tile, name(classNames, d.classId()) + String.format(Locale.ROOT, " %.2f", d.score()),
                        d.x() * scale, d.y() * scale);
            }
            for (GroundTruthBox t : truths) {
                rectangle(tile, t.x(), t.y(), t.w(), t.h(), scale, TRUTH, t.crowd() ? 1 : 2);
            }
            String png = Base64.getEncoder().encodeToString(SampleRows.encodePng(tile));
            return new ExampleTile(sample.id(), truths.size(), detections.size(), drawn.size(), tile.cols(),
                    tile.rows(), png);
        } finally {
            bgr.release();
            tile.release();
        }
    }

    private static void rectangle(Mat tile, double x, double y, double w, double h, double scale, Scalar colour,
            int thickness) {
        Imgproc.rectangle(tile, new Point(x * scale, y * scale),
                new Point((x + w) * scale - 1, (y + h) * scale - 1), colour, thickness);
    }

    /** A filled label above the box's top-left corner, or just inside it when the box touches the top. */
    private static void label(Mat tile, String text, double left, double top) {
        int[] baseline = new int[1];
        Size size = Imgproc.getTextSize(text, Imgproc.FONT_HERSHEY_SIMPLEX, FONT_SCALE, 1, baseline);
        double height = size.height + baseline[0] + 2;
        double x = Math.max(0, Math.min(left, tile.cols() - size.width - 2));
        double y = top >= height ? top - height : top;
        Imgproc.rectangle(tile, new Point(x, y), new Point(x + size.width + 2, y + height), PREDICTION, -1);
        Imgproc.putText(tile, text, new Point(x + 1, y + size.height + 1), Imgproc.FONT_HERSHEY_SIMPLEX, FONT_SCALE,
                LABEL_TEXT, 1, Imgproc.LINE_AA);
    }

    static String name(List<String> classNames, int classId) {
        return classId >= 0 && classId < classNames.size() ? classNames.get(classId) : "class " + classId;
    }
}
