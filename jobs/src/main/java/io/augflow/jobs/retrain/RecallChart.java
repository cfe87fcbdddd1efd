package io.augflow.jobs.retrain;

import io.augflow.train.eval.ClassificationMetrics;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
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
 * The retrain report's grouped bar chart: per-class holdout recall of the champion and the challenger side by
 * side (JFreeChart drawn to an inline SVG by JFreeSVG, horizontal bars like the balancing report's charts).
 */
final class RecallChart {
    static final String ID = "chart-recall";
    static final String CHAMPION = "champion";
    static final String CHALLENGER = "challenger";
    private static final int WIDTH = 880;

    private RecallChart() {}

    /** @param champion may be null (a first model, or classes that changed): then only the challenger is drawn */
    static String svg(ClassificationMetrics champion, ClassificationMetrics challenger) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int c = 0; c < challenger.classes().size(); c++) {
            String label = challenger.classes().get(c) + " (" + c + ")";
            if (champion != null) {
                data.addValue(champion.perClass(c).recall(), CHAMPION, label);
            }
            data.addValue(challenger.perClass(c).recall(), CHALLENGER, label);
        }
        JFreeChart chart = ChartFactory.createBarChart(null, null, "recall on the holdout", data,
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
        int height = 90 + challenger.classes().size() * (12 + 12 * (champion == null ? 1 : 2));
        SVGGraphics2D g2 = new SVGGraphics2D(WIDTH, height);
        g2.setDefsKeyPrefix(ID + "-");
        chart.draw(g2, new Rectangle(0, 0, WIDTH, height));
        return g2.getSVGElement(ID);
    }
}
