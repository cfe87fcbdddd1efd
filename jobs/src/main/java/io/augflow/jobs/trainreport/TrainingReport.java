package io.augflow.jobs.trainreport;

import static io.augflow.jobs.report.Html.count;
import static io.augflow.jobs.report.Html.esc;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.augflow.jobs.report.Html;
import io.augflow.pipeline.output.AtomicFile;
import io.augflow.train.eval.ClassificationMetrics;
import io.augflow.train.spark.EpochRecord;
import io.augflow.train.spark.TrainConf;
import io.augflow.train.spark.TrainResult;
import io.augflow.train.spark.TrainingOutputs;
import io.augflow.train.summary.LayerSummary;
import java.awt.Color;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Renders {@code training-report.html} from a {@link TrainResult}. A classifier's page: loss and validation curves
 * per epoch, the test confusion matrix as a heatmap, per-class recall, and the model summary per layer. A detector's
 * page ({@code task} detect, {@link DetectionReport}): its head and test COCO figures, validation AP beside the
 * loss, AP and AR by object size, AP per class, precision/recall curves, and test images with true and predicted
 * boxes (drawn only when the page is written with a Spark session to read them from the dataset). Charts are
 * JFreeChart drawn to inline SVG; figures also sit in {@code data-*} attributes so a browser test can check the page
 * against {@code model.json}.
 */
public final class TrainingReport {
    public static final String FILE_NAME = "training-report.html";

    private TrainingReport() {}

    /**
     * Writes the page into {@code outputDir}, replacing an earlier one as a whole; returns its path. A detector's
     * page has no test images this way: see {@link #write(TrainResult, Path, SparkSession)}.
     */
    public static Path write(TrainResult result, Path outputDir) {
        return write(outputDir, render(result));
    }

    /**
     * Writes the page into {@code outputDir} (the run's output folder, which holds {@code coco/}); a detector's page
     * shows test images read through {@code spark} from the dataset recorded in the provenance, only the few rows
     * drawn being collected.
     */
    public static Path write(TrainResult result, Path outputDir, SparkSession spark) {
        return write(outputDir, render(result, outputDir.toUri().toString(), spark));
    }

    /**
     * The page of a run written to {@code outputDir} (a path on any Hadoop filesystem); a detector's page shows test
     * images read through {@code spark} when the folder, which holds the COCO pair they are drawn from, is local.
     */
    public static String render(TrainResult result, String outputDir, SparkSession spark) {
        if (!isDetector(result)) {
            return render(result);
        }
        URI folder = new org.apache.hadoop.fs.Path(outputDir).toUri();
        if (folder.getScheme() != null && !"file".equals(folder.getScheme())) {
            return render(result, TestExamples.none("No test images drawn: they are drawn from a local run folder,"
                    + " and " + outputDir + " is not local."));
        }
        String dataset = String.valueOf(result.provenance().get("dataset"));
        return render(result, examples(result, Path.of(folder.getPath()), new DatasetSampleSource(spark, dataset)));
    }

    /** The test images of a detector's run written to {@code outputDir}, with pixels from {@code source}. */
    static TestExamples examples(TrainResult result, Path outputDir, SampleSource source) {
        if (result.testDetection() == null) {
            return TestExamples.none("No test images: the run evaluated no test split.");
        }
        return TestExamples.of(outputDir.resolve(TrainingOutputs.COCO_DIR), testSplit(result), seed(result),
                result.classes(), source);
    }

    private static Path write(Path outputDir, String page) {
        Path target = outputDir.resolve(FILE_NAME);
        AtomicFile.replace(new org.apache.hadoop.fs.Path(target.toUri()),
                out -> out.write(page.getBytes(StandardCharsets.UTF_8)), new Configuration());
        return target;
    }

    /** The rows left out of training and evaluation for having neither a label nor a box, by split. */
    private static String background(java.util.Map<String, Long> excluded) {
        if (excluded == null || excluded.values().stream().allMatch(n -> n == 0)) {
            return "";
        }
        StringBuilder s = new StringBuilder("<br><span id=\"background\">background images left out (neither a label"
                + " nor a box): ");
        excluded.forEach((split, n) -> s.append(esc(split)).append(' ').append(n).append("; "));
        return s.append("</span>").toString();
    }

    /** The page; a detector's without test images. */
    public static String render(TrainResult r) {
        return render(r, TestExamples.none("No test images drawn: the report was written without access to the"
                + " dataset (no Spark session)."));
    }

    static String render(TrainResult r, TestExamples examples) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>augflow training report</title>")
                .append("<style>").append(Html.BASE_STYLE)
                .append("table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px;")
                .append("text-align:right}th{background:#f4f4f4}td.l,th.l{text-align:left}.cm td{min-width:34px}")
                .append(KeptEpochSection.STYLE)
                .append(isDetector(r) ? DetectionReport.STYLE : "")
                .append("</style></head><body>");
        h.append("<h1>augflow training report</h1><p>").append(esc(r.architecture())).append(", ")
                .append(r.epochs()).append(" epochs, classes ").append(esc(String.join(", ", r.classes())))
                .append("<br><span id=\"input\">network input ").append(r.input()[2]).append('x').append(r.input()[1])
                .append('x').append(r.input()[0]).append(" (width x height x channels), ")
                .append(esc(String.valueOf(r.inputChoice()))).append("</span>")
                .append(background(r.backgroundExcluded()))
                .append("<br>dataset ").append(esc(String.valueOf(r.provenance().get("dataset"))))
                .append(", config SHA-256 ").append(esc(String.valueOf(r.provenance().get("configHash"))))
                .append("<br>model ").append(esc(r.model()))
                .append(longTail(r))
                .append("</p>");
        KeptEpochSection.paragraph(h, r);
        if (isDetector(r)) {
            DetectionReport.render(h, r, examples);
            summary(h, r);
            return h.append("</body></html>").toString();
        }
        curves(h, r.history(), KeptEpochSection.keptEpoch(r));
        if (r.test() != null) {
            ClassificationMetrics t = r.test();
            h.append("<h2>Test split</h2><p id=\"test\" data-accuracy=\"").append(t.accuracy())
                    .append("\" data-macro-f1=\"").append(t.macroF1()).append("\">")
                    .append(String.format(Locale.ROOT, "%,d images: accuracy %.4f, macro-F1 %.4f, balanced accuracy %.4f",
                            t.examples(), t.accuracy(), t.macroF1(), t.balancedAccuracy()))
                    .append("</p>");
            recall(h, t);
            io.augflow.jobs.report.ConfusionTable.append(h, t);
        }
        summary(h, r);
        return h.append("</body></html>").toString();
    }

    /**
     * The loss, balancing and class prior the run trained with (model.json's {@code loss}, {@code balance},
     * {@code prior}); nothing for a model.json written before they were recorded.
     */
    static String longTail(TrainResult r) {
        StringBuilder s = new StringBuilder();
        if (r.loss() != null) {
            TrainResult.LossRecord l = r.loss();
            s.append("<br><span id=\"loss\" data-type=\"").append(esc(l.type())).append("\" data-drw-epoch=\"")
                    .append(l.drwEpoch()).append("\">loss ").append(esc(l.type()));
            if (!l.parameters().isEmpty()) {
                s.append(' ').append(esc(l.parameters().toString()));
            }
            if (l.classBalanced()) {
                s.append(", class-balanced (beta ").append(l.beta()).append(')');
            }
            if (l.drwEpoch() > 0) {
                s.append(", deferred re-weighting from epoch ").append(l.drwEpoch() + 1).append(" (beta ")
                        .append(l.beta()).append(')');
            }
            s.append("; kept epoch: ").append(esc(String.valueOf(l.keptEpochLoss()))).append("</span>");
        }
        if (r.balance() != null) {
            s.append("<br><span id=\"balance\" data-strategy=\"").append(esc(r.balance().strategy()))
                    .append("\" data-start-epoch=\"").append(r.balance().startEpoch()).append("\">balance ")
                    .append(esc(r.balance().strategy()));
            if (r.balance().startEpoch() > 0) {
                s.append(" from epoch ").append(r.balance().startEpoch() + 1).append(" (plain sampling before)");
            }
            s.append("</span>");
        }
        if (r.prior() != null) {
            s.append("<br><span id=\"prior\">class prior (").append(esc(r.prior().source())).append(") ");
            for (int c = 0; c < r.prior().counts().size(); c++) {
                s.append(c == 0 ? "" : ", ").append(esc(c < r.classes().size() ? r.classes().get(c) : "#" + c))
                        .append(' ').append(r.prior().counts().get(c));
            }
            s.append("</span>");
        }
        return s.toString();
    }

    static boolean isDetector(TrainResult r) {
        return "detect".equals(r.task());
    }

    /**
     * The split the run tested on: {@code train.test-split} of the recorded configuration, else test (its default).
     * Only that key is read, not the whole block through {@link TrainConf}, whose checks a model written by another
     * augflow version may not pass: the page must not fail on a finished run.
     */
    private static String testSplit(TrainResult r) {
        String key = TrainConf.PATH + ".test-split";
        Object text = r.provenance().get("config");
        Config config = text == null ? ConfigFactory.empty() : ConfigFactory.parseString(text.toString());
        return config.hasPath(key) ? config.getString(key) : "test";
    }

    /** The run's seed, which also picks the test images; 0 when not recorded. */
    private static long seed(TrainResult r) {
        return r.provenance().get("seed") instanceof Number n ? n.longValue() : 0L;
    }

    private static void curves(StringBuilder h, List<EpochRecord> history, OptionalInt kept) {
        XYSeries loss = new XYSeries("training loss");
        XYSeries accuracy = new XYSeries("validation accuracy");
        XYSeries macroF1 = new XYSeries("validation macro-F1");
        for (EpochRecord e : history) {
            loss.add(e.epoch() + 1, e.loss());
            if (e.validation() != null) {
                accuracy.add(e.epoch() + 1, e.validation().accuracy());
                macroF1.add(e.epoch() + 1, e.validation().macroF1());
            }
        }
        h.append("<h2>Per epoch</h2>");
        h.append(TrainingCharts.svg(TrainingCharts.markKept(TrainingCharts.line("loss", new XYSeriesCollection(loss)),
                kept), "chart-loss", 260));
        if (!accuracy.isEmpty()) {
            XYSeriesCollection metrics = new XYSeriesCollection(accuracy);
            metrics.addSeries(macroF1);
            h.append(TrainingCharts.svg(TrainingCharts.markKept(TrainingCharts.line("validation", metrics), kept),
                    "chart-validation", 260));
        }
        h.append("<table id=\"history\"><tr><th>epoch</th><th>samples</th><th>rows decoded</th><th>loss</th>")
                .append("<th>val accuracy</th><th>val macro-F1</th><th>seconds</th><th>samples/s</th></tr>");
        for (EpochRecord e : history) {
            h.append("<tr").append(KeptEpochSection.rowAttributes(e, kept)).append(" data-epoch=\"").append(e.epoch())
                    .append("\" data-loss=\"").append(e.loss()).append("\"><td>")
                    .append(KeptEpochSection.epochCell(e, kept)).append("</td><td>").append(e.samples()).append("</td><td>")
                    .append(e.rowsDecoded()).append("</td><td>").append(f4(e.loss())).append("</td><td>")
                    .append(e.validation() == null ? "" : f4(e.validation().accuracy())).append("</td><td>")
                    .append(e.validation() == null ? "" : f4(e.validation().macroF1())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.1f", e.seconds())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.0f", e.samplesPerSecond())).append("</td></tr>");
        }
        h.append("</table>");
    }

    private static void recall(StringBuilder h, ClassificationMetrics t) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (ClassificationMetrics.PerClass c : t.perClass()) {
            data.addValue(c.recall(), "recall", c.name());
        }
        JFreeChart chart = ChartFactory.createBarChart(null, null, "recall", data, PlotOrientation.HORIZONTAL,
                false, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.getRenderer().setSeriesPaint(0, new Color(0x4C72B0));
        plot.getRangeAxis().setRange(0, 1);
        h.append("<h3>Recall per class</h3>").append(TrainingCharts.svg(chart, "chart-recall", 60 + 24 * t.perClass().size()));
    }

    private static void summary(StringBuilder h, TrainResult r) {
        if (r.summary() == null) {
            return;
        }
        long params = 0;
        long macs = 0;
        h.append("<h2>Model summary</h2><table id=\"summary\"><tr><th class=\"l\">layer</th><th class=\"l\">type</th>")
                .append("<th>output</th><th>parameters</th><th>multiply-accumulates</th><th>activation bytes</th>")
                .append("<th>receptive field</th></tr>");
        for (LayerSummary l : r.summary().layers()) {
            params += l.parameters();
            macs += l.macs();
            h.append("<tr><td class=\"l\">").append(esc(l.name())).append("</td><td class=\"l\">").append(esc(l.type()))
                    .append("</td><td>").append(esc(l.shapeText())).append("</td><td>")
                    .append(count(l.parameters())).append("</td><td>")
                    .append(count(l.macs())).append("</td><td>")
                    .append(count(l.activationBytes())).append("</td><td>")
                    .append(l.rfHeight()).append('x').append(l.rfWidth()).append("</td></tr>");
        }
        h.append("<tr id=\"summary-total\" data-parameters=\"").append(params).append("\"><th class=\"l\">total</th><th></th><th></th><th>")
                .append(count(params)).append("</th><th>")
                .append(count(macs)).append("</th><th></th><th></th></tr></table>");
    }

    private static String f4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
