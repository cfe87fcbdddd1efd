package io.augflow.jobs.retrain;

import io.augflow.train.detect.eval.CocoMetrics;
import io.augflow.train.eval.ClassificationMetrics;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.svg.SVGGraphics2D;

/**
 * The retrain report's grouped bar chart: a per-class holdout figure of the champion and the challenger side by
 * side (a classifier's recall, a detector's AP; JFreeChart drawn to an inline SVG by JFreeSVG, horizontal bars like
 * the balancing report's charts).
 */
final class RecallChart {
    static final String ID = "chart-recall";
    /** The chart of a detector's per-class AP. */
    static final String AP_ID = "chart-ap";
    static final String CHAMPION = "champion";
    static final String CHALLENGER = "challenger";
    private static final int WIDTH = 880;

    private RecallChart() {}

    /** @param champion may be null (a first model, or classes that changed): then only the challenger is drawn */
    static String svg(ClassificationMetrics champion, ClassificationMetrics challenger) {
        List<Double> before = champion == null ? null
                : champion.perClass().stream().map(ClassificationMetrics.PerClass::recall).toList();
        List<Double> after = challenger.perClass().stream().map(ClassificationMetrics.PerClass::recall).toList();
        return svg(ID, "recall on the holdout", challenger.classes(), before, after);
    }

    /**
     * A detector's per-class AP@[.5:.95]; a class without ground truth on the holdout (AP -1) has no bar.
     *
     * @param champion may be null, as above
     */
    static String svgAp(CocoMetrics champion, CocoMetrics challenger) {
        List<Double> before = champion == null ? null : ap(champion);
        List<String> classes = challenger.perClass().stream().map(CocoMetrics.ClassMetrics::name).toList();
        return svg(AP_ID, "AP@[.5:.95] on the holdout", classes, before, ap(challenger));
    }

    private static List<Double> ap(CocoMetrics m) {
        return m.perClass().stream().map(c -> c.ap() < 0 ? null : c.ap()).toList();
    }

    private static String svg(String id, String axis, List<String> classes, List<Double> champion,
            List<Double> challenger) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int c = 0; c < classes.size(); c++) {
            String label = classes.get(c) + " (" + c + ")";
            if (champion != null) {
                data.addValue(champion.get(c), CHAMPION, label);
            }
            data.addValue(challenger.get(c), CHALLENGER, label);
        }
        JFreeChart chart = ChartFactory.createBarChart(null, null, axis, data,
                PlotOrientation.HORIZONTAL, true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(4, 4, 4, 24));
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
        plot.getRangeAxis().setRange(0, 1);
        plot.getDomainAxis().setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        plot.getDomainAxis().setMaximumCategoryLabelWidthRatio(0.35f);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.05);
        int series = 0;
        if (champion != null) {
            renderer.setSeriesPaint(series++, new Color(0x8C8C8C));
        }
        renderer.setSeriesPaint(series, new Color(0x4C72B0));
        int height = 90 + classes.size() * (12 + 12 * (champion == null ? 1 : 2));
        SVGGraphics2D g2 = new SVGGraphics2D(WIDTH, height);
        g2.setDefsKeyPrefix(id + "-");
        chart.draw(g2, new Rectangle(0, 0, WIDTH, height));
        return g2.getSVGElement(id);
    }
}
