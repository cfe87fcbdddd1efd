package io.augflow.jobs.trainreport;

import io.augflow.train.detect.eval.CocoMetrics;
import io.augflow.train.detect.eval.CocoMetrics.ClassMetrics;
import io.augflow.train.spark.EpochRecord;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.Comparator;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainCategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The charts of a detector's training report, as inline SVG ({@link TrainingCharts#svg}). COCO's -1 ("no such
 * objects") is never drawn as a value: the point or bar is left out and the label says n/a.
 */
final class DetectionCharts {
    static final String AP_CURVE = "chart-ap";
    static final String PER_CLASS = "chart-per-class-ap";
    static final String SIZES = "chart-size-buckets";
    static final String PR_PREFIX = "chart-pr-";
    private static final Color AP = new Color(0x4C72B0);
    private static final Color AP50 = new Color(0xDD8452);
    private static final Color AR = new Color(0x55A868);
    private static final Color COUNT = new Color(0x8C8C8C);
    /** Two charts side by side fill the page: its 1,100 pixels less padding and the gap. */
    static final int HALF_WIDTH = 520;
    private static final int PR_WIDTH = 262;
    private static final int PR_HEIGHT = 200;

    private DetectionCharts() {}

    /**
     * Validation AP, AP50 and AP_small per epoch, the kept epoch ({@code model.zip}) marked; null when no epoch was
     * evaluated.
     */
    static String apCurve(List<EpochRecord> history, java.util.OptionalInt kept) {
        XYSeries ap = new XYSeries("validation AP");
        XYSeries ap50 = new XYSeries("validation AP50");
        XYSeries small = new XYSeries("validation AP_small");
        for (EpochRecord e : history) {
            CocoMetrics m = e.detection();
            if (m != null) {
                addKnown(ap, e.epoch() + 1, m.ap());
                addKnown(ap50, e.epoch() + 1, m.ap50());
                addKnown(small, e.epoch() + 1, m.apSmall());
            }
        }
        if (ap.isEmpty() && ap50.isEmpty()) {
            return null;
        }
        XYSeriesCollection data = new XYSeriesCollection();
        for (XYSeries s : List.of(ap, ap50, small)) {
            data.addSeries(s); // an empty series keeps its colour and legend entry, so the colours stay fixed
        }
        JFreeChart chart = TrainingCharts.markKept(TrainingCharts.line("COCO AP", data), kept);
        XYPlot plot = chart.getXYPlot();
        plot.getRangeAxis().setRange(0, 1);
        plot.getRenderer().setSeriesPaint(0, AP);
        plot.getRenderer().setSeriesPaint(1, AP50);
        plot.getRenderer().setSeriesPaint(2, new Color(0xC44E52));
        return TrainingCharts.svg(chart, AP_CURVE, HALF_WIDTH, 260);
    }

    /**
     * AP and AP50 per class beside the class's ground-truth count, classes with the most ground truths first, so
     * the long tail sits at the bottom next to its (small) counts.
     */
    static String perClass(CocoMetrics metrics) {
        List<ClassMetrics> classes = byGroundTruths(metrics.perClass());
        DefaultCategoryDataset ap = new DefaultCategoryDataset();
        DefaultCategoryDataset counts = new DefaultCategoryDataset();
        for (ClassMetrics c : classes) {
            String label = label(c);
            ap.addValue(known(c.ap()), "AP", label);
            ap.addValue(known(c.ap50()), "AP50", label);
            counts.addValue(c.groundTruths(), "ground truths", label);
        }
        CategoryAxis axis = new CategoryAxis();
        axis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        axis.setMaximumCategoryLabelWidthRatio(0.4f);
        axis.setCategoryMargin(0.15);
        CombinedDomainCategoryPlot plot = new CombinedDomainCategoryPlot(axis);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setGap(12);
        NumberAxis apAxis = new NumberAxis("test AP (IoU .50:.95) and AP50");
        apAxis.setRange(0, 1);
        plot.add(new CategoryPlot(ap, null, apAxis, bars(AP, AP50)), 3);
        NumberAxis countAxis = new NumberAxis("ground truths");
        countAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        plot.add(new CategoryPlot(counts, null, countAxis, bars(COUNT)), 1);
        for (Object sub : plot.getSubplots()) {
            CategoryPlot p = (CategoryPlot) sub;
            p.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT); // values under the bars, as in the other charts
            p.setBackgroundPaint(Color.WHITE);
            p.setRangeGridlinePaint(new Color(0xDDDDDD));
            p.setOutlineVisible(false);
        }
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(4, 4, 4, 24));
        return TrainingCharts.svg(chart, PER_CLASS, 100 + 30 * classes.size());
    }

    /** Test AP and AR (100 detections) for small, medium and large objects; a bucket with no objects is n/a. */
    static String sizeBuckets(CocoMetrics m) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        bucket(data, "small", m.apSmall(), m.arSmall());
        bucket(data, "medium", m.apMedium(), m.arMedium());
        bucket(data, "large", m.apLarge(), m.arLarge());
        JFreeChart chart = ChartFactory.createBarChart(null, null, "test (IoU .50:.95)", data,
                PlotOrientation.HORIZONTAL, true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setRenderer(bars(AP, AR));
        plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        plot.setOutlineVisible(false);
        plot.getRangeAxis().setRange(0, 1);
        return TrainingCharts.svg(chart, SIZES, 200);
    }

    /** One class's interpolated precision at IoU .5 over recall 0, .01, ..., 1 (0 beyond the recall reached). */
    static String precisionRecall(ClassMetrics c) {
        XYSeries curve = new XYSeries(c.name());
        List<Double> precision = c.precision50();
        for (int r = 0; r < precision.size(); r++) {
            curve.add(r / (double) (precision.size() - 1), precision.get(r));
        }
        JFreeChart chart = ChartFactory.createXYLineChart(c.name() + " (AP50 " + DetectionReport.metric(c.ap50())
                + ")", "recall", "precision", new XYSeriesCollection(curve), PlotOrientation.VERTICAL, false, false,
                false);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        chart.setBackgroundPaint(Color.WHITE);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        plot.getDomainAxis().setRange(0, 1);
        plot.getRangeAxis().setRange(0, 1.02);
        plot.getRenderer().setSeriesPaint(0, AP);
        plot.getRenderer().setSeriesStroke(0, new BasicStroke(2f));
        return TrainingCharts.svg(chart, PR_PREFIX + c.classId(), PR_WIDTH, PR_HEIGHT);
    }

    /** Classes by ground truths, most first; ties by class id. */
    static List<ClassMetrics> byGroundTruths(List<ClassMetrics> classes) {
        return classes.stream().sorted(Comparator.comparingInt(ClassMetrics::groundTruths).reversed()
                .thenComparingInt(ClassMetrics::classId)).toList();
    }

    private static String label(ClassMetrics c) {
        return c.name() + " (" + c.classId() + ")";
    }

    private static void bucket(DefaultCategoryDataset data, String name, double ap, double ar) {
        String label = ap < 0 && ar < 0 ? name + " (n/a)" : name;
        data.addValue(known(ap), "AP", label);
        data.addValue(known(ar), "AR100", label);
    }

    private static BarRenderer bars(Color... colours) {
        BarRenderer renderer = new BarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
        renderer.setItemMargin(0.05);
        for (int i = 0; i < colours.length; i++) {
            renderer.setSeriesPaint(i, colours[i]);
        }
        return renderer;
    }

    private static void addKnown(XYSeries series, int epoch, double value) {
        if (value >= 0) {
            series.add(epoch, value);
        }
    }

    /** COCO's -1 (no such objects) as no value. */
    private static Double known(double value) {
        return value < 0 ? null : value;
    }
}
