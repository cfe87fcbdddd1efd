package io.augflow.jobs.trainreport;

import static io.augflow.jobs.report.Html.count;
import static io.augflow.jobs.report.Html.esc;

import io.augflow.train.detect.eval.CocoMetrics;
import io.augflow.train.detect.eval.CocoMetrics.ClassMetrics;
import io.augflow.train.spark.EpochRecord;
import io.augflow.train.spark.TrainResult;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The sections of a detector's training report: the head and the test figures, validation AP per epoch beside the
 * loss, test AP and AR by object size, AP per class with its ground-truth count, the precision/recall curve of each
 * class at IoU .5, and a grid of test images with true and predicted boxes.
 *
 * <p>Figures are printed with 3 decimals, as pycocotools' {@code summarize()} prints them; COCO's -1 (no objects of
 * that kind) reads "n/a". Each figure also sits in a {@code data-value} attribute at full precision.
 */
final class DetectionReport {
    static final String STYLE = ".grid{display:flex;flex-wrap:wrap;gap:10px}.tile{margin:0;font-size:12px;"
            + "max-width:100%}.tile figcaption{word-break:break-all}.pr{display:flex;flex-wrap:wrap;gap:4px}"
            + ".pair{display:flex;gap:12px}.key{display:inline-block;width:14px;height:10px;margin:0 4px 0 10px}";

    private DetectionReport() {}

    static void render(StringBuilder h, TrainResult r, TestExamples examples) {
        summary(h, r);
        curves(h, r.history(), KeptEpochSection.keptEpoch(r));
        CocoMetrics test = r.testDetection();
        if (test != null) {
            h.append("<h2>Test split</h2>");
            sizes(h, test);
            perClass(h, test);
            precisionRecall(h, test);
        }
        examples(h, examples);
    }

    /** A COCO figure as pycocotools prints it, or n/a for its -1. */
    static String metric(double v) {
        return v < 0 ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static void summary(StringBuilder h, TrainResult r) {
        h.append("<h2>Detector and test figures</h2><table id=\"detector-summary\">");
        TrainResult.DetectorRecord head = r.detector();
        if (head != null) {
            int width = r.input()[2];
            int height = r.input()[1];
            row(h, "stride", "grid stride (input pixels)", Integer.toString(head.stride()), head.stride());
            h.append("<tr><th class=\"l\">grid</th><td class=\"l\">").append(width / head.stride()).append(" x ")
                    .append(height / head.stride()).append(" cells of the ").append(width).append(" x ")
                    .append(height).append(" input</td></tr>");
            StringBuilder anchors = new StringBuilder();
            for (double[] a : head.anchors()) {
                anchors.append(anchors.isEmpty() ? "" : ", ")
                        .append(String.format(Locale.ROOT, "%.1f x %.1f", a[0], a[1]));
            }
            h.append("<tr data-field=\"anchors\" data-value=\"").append(head.anchors().length)
                    .append("\"><th class=\"l\">anchors (w x h, input pixels)</th><td class=\"l\">")
                    .append(anchors).append("</td></tr>");
        }
        CocoMetrics t = r.testDetection();
        if (t == null) {
            h.append("<tr><th class=\"l\">test split</th><td class=\"l\">not evaluated</td></tr>");
        } else {
            double[] stats = t.stats();
            for (int i = 0; i < stats.length; i++) {
                String name = CocoMetrics.STAT_NAMES.get(i);
                row(h, name, "test " + statLabel(name), metric(stats[i]), stats[i]);
            }
        }
        h.append("</table><p class=\"note\">COCO figures (pycocotools' definitions): AP averaged over IoU .50:.95,"
                + " AP50 and AP75 at one IoU, AR the recall reached with at most 1, 10 or 100 detections per image;"
                + " small, medium and large objects are under 32x32, up to 96x96 and over 96x96 pixels of the image."
                + " n/a: the test split has no such objects.</p>");
    }

    private static String statLabel(String name) {
        return switch (name) {
            case "AP" -> "AP (IoU .50:.95)";
            case "AP50" -> "AP50 (IoU .50)";
            case "AP75" -> "AP75 (IoU .75)";
            default -> name.replace("small", " small").replace("medium", " medium").replace("large", " large");
        };
    }

    private static void row(StringBuilder h, String field, String label, String text, double value) {
        h.append("<tr data-field=\"").append(field).append("\" data-value=\"").append(value)
                .append("\"><th class=\"l\">").append(esc(label)).append("</th><td>").append(text).append("</td></tr>");
    }

    private static void curves(StringBuilder h, List<EpochRecord> history, OptionalInt kept) {
        XYSeries loss = new XYSeries("training loss");
        history.forEach(e -> loss.add(e.epoch() + 1, e.loss()));
        h.append("<h2>Per epoch</h2><div class=\"pair\">");
        h.append(TrainingCharts.svg(TrainingCharts.markKept(TrainingCharts.line("loss", new XYSeriesCollection(loss)),
                kept), "chart-loss", DetectionCharts.HALF_WIDTH, 260));
        String ap = DetectionCharts.apCurve(history, kept);
        if (ap != null) {
            h.append(ap);
        }
        h.append("</div>");
        h.append("<table id=\"history\"><tr><th>epoch</th><th>samples</th><th>rows decoded</th><th>loss</th>")
                .append("<th>val AP</th><th>val AP50</th><th>val AP_small</th><th>seconds</th><th>samples/s</th></tr>");
        for (EpochRecord e : history) {
            CocoMetrics m = e.detection();
            h.append("<tr").append(KeptEpochSection.rowAttributes(e, kept)).append(" data-epoch=\"").append(e.epoch())
                    .append("\" data-loss=\"").append(e.loss()).append("\"><td>")
                    .append(KeptEpochSection.epochCell(e, kept)).append("</td><td>").append(e.samples()).append("</td><td>")
                    .append(e.rowsDecoded()).append("</td><td>").append(String.format(Locale.ROOT, "%.4f", e.loss()))
                    .append("</td><td>").append(m == null ? "" : metric(m.ap())).append("</td><td>")
                    .append(m == null ? "" : metric(m.ap50())).append("</td><td>")
                    .append(m == null ? "" : metric(m.apSmall())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.1f", e.seconds())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.0f", e.samplesPerSecond())).append("</td></tr>");
        }
        h.append("</table>");
    }

    private static void sizes(StringBuilder h, CocoMetrics t) {
        h.append("<h3>AP and AR by object size</h3>").append(DetectionCharts.sizeBuckets(t))
                .append("<table id=\"size-buckets\"><tr><th class=\"l\">objects</th><th>AP</th><th>AR100</th></tr>");
        sizeRow(h, "small", t.apSmall(), t.arSmall());
        sizeRow(h, "medium", t.apMedium(), t.arMedium());
        sizeRow(h, "large", t.apLarge(), t.arLarge());
        h.append("</table>");
    }

    private static void sizeRow(StringBuilder h, String bucket, double ap, double ar) {
        h.append("<tr data-bucket=\"").append(bucket).append("\"><th class=\"l\">").append(bucket)
                .append("</th><td data-value=\"").append(ap).append("\">").append(metric(ap))
                .append("</td><td data-value=\"").append(ar).append("\">").append(metric(ar)).append("</td></tr>");
    }

    private static void perClass(StringBuilder h, CocoMetrics t) {
        h.append("<h3>AP per class (most ground truths first)</h3>").append(DetectionCharts.perClass(t))
                .append("<table id=\"per-class\"><tr><th class=\"l\">class</th><th>ground truths</th><th>AP</th>")
                .append("<th>AP50</th><th>recall at IoU .5</th></tr>");
        for (ClassMetrics c : DetectionCharts.byGroundTruths(t.perClass())) {
            h.append("<tr data-class=\"").append(c.classId()).append("\" data-ground-truths=\"")
                    .append(c.groundTruths()).append("\" data-ap=\"").append(c.ap()).append("\" data-ap50=\"")
                    .append(c.ap50()).append("\"><td class=\"l\">").append(esc(c.name())).append("</td><td>")
                    .append(count(c.groundTruths())).append("</td><td>")
                    .append(metric(c.ap())).append("</td><td>").append(metric(c.ap50())).append("</td><td>")
                    .append(metric(c.recall50())).append("</td></tr>");
        }
        h.append("</table>");
    }

    private static void precisionRecall(StringBuilder h, CocoMetrics t) {
        h.append("<h3>Precision/recall at IoU .5, per class</h3><p class=\"note\">COCO's interpolated precision at"
                + " recall 0, .01, ..., 1 (100 detections per image); it falls to 0 beyond the recall the class"
                + " reaches.</p><div class=\"pr\" id=\"pr-curves\">");
        StringBuilder without = new StringBuilder();
        for (ClassMetrics c : t.perClass()) {
            if (c.groundTruths() == 0 || c.ap50() < 0) {
                without.append(without.isEmpty() ? "" : ", ").append(esc(c.name()));
            } else {
                h.append(DetectionCharts.precisionRecall(c));
            }
        }
        h.append("</div>");
        if (!without.isEmpty()) {
            h.append("<p class=\"note\" id=\"pr-none\">No ground truth in the test split, no curve: ")
                    .append(without).append("</p>");
        }
    }

    private static void examples(StringBuilder h, TestExamples examples) {
        h.append("<h2>Test images</h2><p class=\"note\"><span class=\"key\" style=\"background:rgb(0,190,0)\"></span>"
                + "ground truth<span class=\"key\" style=\"background:rgb(230,40,40)\"></span>detections scoring"
                + " at least ").append(TestExamples.DISPLAY_SCORE).append(" (at most ").append(BoxOverlay.MAX_DRAWN)
                .append(" per image, the best), with class and score</p>");
        if (!examples.note().isEmpty()) {
            h.append("<p class=\"note\" id=\"test-images-note\">").append(esc(examples.note())).append("</p>");
        }
        h.append("<div class=\"grid\" id=\"test-images\">");
        for (ExampleTile t : examples.tiles()) {
            h.append("<figure class=\"tile\" style=\"width:").append(t.width()).append("px\" data-id=\"")
                    .append(esc(t.id())).append("\" data-truths=\"")
                    .append(t.truths()).append("\" data-predictions=\"").append(t.predictions())
                    .append("\" data-drawn=\"").append(t.drawn())
                    .append("\"><img src=\"data:image/png;base64,").append(t.pngBase64()).append("\" width=\"")
                    .append(t.width()).append("\" height=\"").append(t.height()).append("\" alt=\"test image ")
                    .append(esc(t.id())).append("\"><figcaption>").append(esc(t.id())).append(" · ")
                    .append(t.truths()).append(" true, ").append(t.predictions()).append(" predicted")
                    .append(t.drawn() < t.predictions() ? ", the " + t.drawn() + " best drawn" : "")
                    .append("</figcaption></figure>");
        }
        h.append("</div>");
    }
}
