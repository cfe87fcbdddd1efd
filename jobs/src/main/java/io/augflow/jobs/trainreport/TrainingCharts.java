package io.augflow.jobs.trainreport;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * What the classification and the detection pages of the training report draw alike: per-epoch line charts and
 * the serialisation of a JFreeChart to an inline {@code <svg>} whose definitions carry the chart's id as prefix (so
 * several charts in one page never share a clip-path id).
 */
final class TrainingCharts {
    static final int WIDTH = 820;

    private TrainingCharts() {}

    /** Lines over the epochs (1-based, integer ticks) with a legend. */
    static JFreeChart line(String axis, XYSeriesCollection data) {
        JFreeChart chart = ChartFactory.createXYLineChart(null, "epoch", axis, data, PlotOrientation.VERTICAL, true,
                false, false);
        XYPlot plot = chart.getXYPlot();
        plot.getDomainAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        for (int i = 0; i < data.getSeriesCount(); i++) {
            plot.getRenderer().setSeriesStroke(i, new BasicStroke(2f));
        }
        return chart;
    }

    /** The chart as {@code <div><svg id=...>...</svg></div>}, {@link #WIDTH} wide. */
    static String svg(JFreeChart chart, String id, int height) {
        return svg(chart, id, WIDTH, height);
    }

    static String svg(JFreeChart chart, String id, int width, int height) {
        SVGGraphics2D g2 = new SVGGraphics2D(width, height);
        g2.setDefsKeyPrefix(id + "-");
        chart.draw(g2, new Rectangle(0, 0, width, height));
        return "<div>" + g2.getSVGElement(id) + "</div>";
    }
}
