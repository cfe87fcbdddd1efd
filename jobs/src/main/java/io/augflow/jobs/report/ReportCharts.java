package io.augflow.jobs.report;

import io.augflow.jobs.report.ReportModel.ClassFigures;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.text.NumberFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.svg.SVGGraphics2D;

/**
 * The report's charts, drawn by JFreeChart from a {@link ReportModel} and serialised by JFreeSVG as
 * {@code <svg>} elements to inline in the page. Each chart's SVG definitions get its own id prefix, so
 * several charts in one page never share a clip-path id. Bars are horizontal: class names stay readable
 * however many classes there are.
 */
public final class ReportCharts {
    public static final String CLASS_HISTOGRAM = "chart-class-histogram";
    public static final String OBJECT_SIZES = "chart-object-sizes";
    public static final String SMALL_SHARE = "chart-small-share";
    public static final String EFFECTIVE_NUMBER = "chart-effective-number";
    public static final String IMAGE_SIZES = "chart-image-sizes";

    static final String BEFORE = "before (dataset)";
    static final String AFTER = "after (one epoch of the plan)";
    private static final int WIDTH = 880;
    private static final Color[] PALETTE = {new Color(0x4C72B0), new Color(0xDD8452), new Color(0x55A868),
        new Color(0xC44E52)};
    private static final Color[] SIZE_PALETTE = {new Color(0xC44E52), new Color(0x8172B3), new Color(0x55A868)};

    private ReportCharts() {}

    /** Every chart of the model, by id (page order); the object-size chart only when the data has boxes. */
    public static Map<String, String> svgs(ReportModel model) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(CLASS_HISTOGRAM, classHistogram(model));
        if (model.totals().objects() > 0) {
            out.put(OBJECT_SIZES, objectSizes(model));
            out.put(SMALL_SHARE, perClass(model, SMALL_SHARE, "small objects / objects of the class",
                    "small-object share", ClassFigures::smallShare));
        }
        out.put(EFFECTIVE_NUMBER, perClass(model, EFFECTIVE_NUMBER, "effective number of samples (Cui et al. 2019)",
                "effective number", ClassFigures::effectiveNumber));
        if (model.imageSizes() != null && !model.imageSizes().train().commonSizes().isEmpty()) {
            out.put(IMAGE_SIZES, imageSizes(model));
        }
        return out;
    }

    /** Training images per size, the most common sizes first. */
    static String imageSizes(ReportModel model) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        var sizes = model.imageSizes().train().commonSizes();
        sizes.forEach(s -> data.addValue(s.images(), "images", s.width() + " x " + s.height()));
        JFreeChart chart = ChartFactory.createBarChart(null, null, "training images", data, PlotOrientation.HORIZONTAL,
                false, false, false);
        style(chart);
        return svg(chart, IMAGE_SIZES, 90 + sizes.size() * 24);
    }

    /** Images per class before and after the plan, on a log axis when the report asks. */
    static String classHistogram(ReportModel model) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (ClassFigures c : model.classes()) {
            data.addValue(c.images(), BEFORE, label(c));
            data.addValue(c.epochImages(), AFTER, label(c));
        }
        JFreeChart chart = ChartFactory.createBarChart(null, null, "images", data, PlotOrientation.HORIZONTAL, true,
                false, false);
        CategoryPlot plot = style(chart);
        if (model.conf().logScale()) {
            LogAxis log = new LogAxis("images (log scale)");
            log.setBase(10);
            log.setSmallestValue(1);
            // one tick per decade, printed as 1, 10, 100, ... rather than 10^x
            log.setTickUnit(new NumberTickUnit(1));
            log.setNumberFormatOverride(NumberFormat.getIntegerInstance(Locale.ROOT));
            log.setTickLabelFont(plot.getRangeAxis().getTickLabelFont());
            log.setLabelFont(plot.getRangeAxis().getLabelFont());
            plot.setRangeAxis(log);
            ((BarRenderer) plot.getRenderer()).setBase(1);
        }
        return svg(chart, CLASS_HISTOGRAM, height(model, 2));
    }

    /** Boxes per class by COCO size bucket, stacked. */
    static String objectSizes(ReportModel model) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (ClassFigures c : model.classes()) {
            data.addValue(c.small(), "small", label(c));
            data.addValue(c.medium(), "medium", label(c));
            data.addValue(c.large(), "large", label(c));
        }
        JFreeChart chart = ChartFactory.createStackedBarChart(null, null, "objects", data, PlotOrientation.HORIZONTAL,
                true, false, false);
        BarRenderer renderer = (BarRenderer) style(chart).getRenderer();
        for (int i = 0; i < SIZE_PALETTE.length; i++) {
            renderer.setSeriesPaint(i, SIZE_PALETTE[i]);
        }
        return svg(chart, OBJECT_SIZES, height(model, 1));
    }

    private static String perClass(ReportModel model, String id, String axis, String series,
            ToDoubleFunction<ClassFigures> value) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (ClassFigures c : model.classes()) {
            data.addValue(value.applyAsDouble(c), series, label(c));
        }
        JFreeChart chart = ChartFactory.createBarChart(null, null, axis, data, PlotOrientation.HORIZONTAL, false,
                false, false);
        style(chart);
        return svg(chart, id, height(model, 1));
    }

    /** The category label of a class: its name and id (ids keep equal names apart). */
    static String label(ClassFigures c) {
        return c.name() + " (" + c.classId() + ")";
    }

    private static CategoryPlot style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setPadding(new RectangleInsets(4, 4, 4, 24)); // room for the last tick label
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        plot.setOutlineVisible(false);
        plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
        renderer.setItemMargin(0.05);
        for (int i = 0; i < PALETTE.length; i++) {
            renderer.setSeriesPaint(i, PALETTE[i]);
        }
        CategoryAxis classes = plot.getDomainAxis();
        classes.setMaximumCategoryLabelWidthRatio(0.35f);
        classes.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        if (plot.getRangeAxis() instanceof NumberAxis n) {
            n.setAutoRangeIncludesZero(true);
        }
        return plot;
    }

    private static int height(ReportModel model, int seriesPerClass) {
        return 90 + model.classes().size() * (12 + 12 * seriesPerClass);
    }

    private static String svg(JFreeChart chart, String id, int height) {
        SVGGraphics2D g2 = new SVGGraphics2D(WIDTH, height);
        g2.setDefsKeyPrefix(id + "-");
        chart.draw(g2, new Rectangle(0, 0, WIDTH, height));
        return g2.getSVGElement(id);
    }
}
