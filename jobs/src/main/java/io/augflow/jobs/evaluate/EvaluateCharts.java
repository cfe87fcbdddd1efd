package io.augflow.jobs.evaluate;

import io.augflow.train.detect.eval.CocoMetrics;
import io.augflow.train.eval.CalibrationCurve;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * The evaluation page's charts, JFreeChart drawn to inline SVG by JFreeSVG as in the other reports: a classifier's
 * reliability diagram and a detector's AP per class.
 */
final class EvaluateCharts {
    static final String RELIABILITY_ID = "chart-reliability";
    static final String AP_ID = "chart-ap";
    private static final int WIDTH = 820;

    private EvaluateCharts() {}

    /**
     * Accuracy against mean confidence of each non-empty bin, with the diagonal of a perfectly calibrated model: a
     * point under the diagonal is an over-confident bin.
     */
    static String reliability(CalibrationCurve curve) {
        XYSeries model = new XYSeries("model (accuracy per confidence bin)");
        for (CalibrationCurve.Bin b : curve.bins()) {
            if (b.count() > 0) {
                model.add(b.confidence(), b.accuracy());
            }
        }
        XYSeries ideal = new XYSeries("perfect calibration");
        ideal.add(0, 0);
        ideal.add(1, 1);
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(model);
        data.addSeries(ideal);
        JFreeChart chart = ChartFactory.createXYLineChart(null, "mean confidence", "accuracy", data,
                PlotOrientation.VERTICAL, true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        plot.getDomainAxis().setRange(0, 1);
        plot.getRangeAxis().setRange(0, 1);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, new Color(0x4C72B0));
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        renderer.setSeriesPaint(1, new Color(0x8C8C8C));
        renderer.setSeriesShapesVisible(1, false);
        renderer.setSeriesStroke(1, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {4f, 4f}, 0f));
        plot.setRenderer(renderer);
        return svg(chart, RELIABILITY_ID, 420);
    }

    /** AP@[.5:.95] and AP50 per class; a class without ground truth (-1) has no bar. */
    @SuppressWarnings("unchecked")
    static String classAp(Map<String, Object> detection) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<Map<String, Object>> classes = (List<Map<String, Object>>) detection.get("perClass");
        for (Map<String, Object> c : classes) {
            String label = c.get("name") + " (" + c.get("classId") + ")";
            double ap = ((Number) c.get("ap")).doubleValue();
            double ap50 = ((Number) c.get("ap50")).doubleValue();
            data.addValue(ap < 0 ? null : ap, "AP@[.5:.95]", label);
            data.addValue(ap50 < 0 ? null : ap50, "AP50", label);
        }
        JFreeChart chart = ChartFactory.createBarChart(null, null, "AP", data, PlotOrientation.HORIZONTAL, true,
                false, false);
        chart.setBackgroundPaint(Color.WHITE);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        plot.getRangeAxis().setRange(0, 1);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, new Color(0x4C72B0));
        renderer.setSeriesPaint(1, new Color(0x9FB8DA));
        return svg(chart, AP_ID, 90 + classes.size() * 36);
    }

    private static String svg(JFreeChart chart, String id, int height) {
        SVGGraphics2D g2 = new SVGGraphics2D(WIDTH, height);
        g2.setDefsKeyPrefix(id + "-");
        chart.draw(g2, new Rectangle(0, 0, WIDTH, height));
        return g2.getSVGElement(id);
    }
}
