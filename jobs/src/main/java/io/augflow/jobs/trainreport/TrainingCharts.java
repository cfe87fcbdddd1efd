package io.augflow.jobs.trainreport;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * What the classification and the detection pages of the training report draw alike, and the study report of a
 * hyper-parameter search too: line charts over a count (epochs, trials) and the serialisation of a JFreeChart to an
 * inline {@code <svg>} whose definitions carry the chart's id as prefix (so several charts in one page never share a
 * clip-path id).
 */
public final class TrainingCharts {
    public static final int WIDTH = 820;

    private TrainingCharts() {}

    /** Lines over the epochs (1-based, integer ticks) with a legend. */
    public static JFreeChart line(String axis, XYSeriesCollection data) {
        return line("epoch", axis, data);
    }

    /** Lines over a count named {@code xAxis} (integer ticks), 2 px wide, on white with grey grid lines and a legend. */
    public static JFreeChart line(String xAxis, String axis, XYSeriesCollection data) {
        JFreeChart chart = ChartFactory.createXYLineChart(null, xAxis, axis, data, PlotOrientation.VERTICAL, true,
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

    /**
     * A dashed vertical line labelled "model.zip" at the kept epoch ({@code epoch} 0-based, drawn at its 1-based
     * place on the axis); nothing when the run did not record it.
     */
    static JFreeChart markKept(JFreeChart chart, java.util.OptionalInt epoch) {
        if (epoch.isPresent()) {
            ValueMarker marker = new ValueMarker(epoch.getAsInt() + 1, new Color(0x2E7D32), new BasicStroke(1.5f,
                    BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            marker.setLabel("model.zip");
            marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            chart.getXYPlot().addDomainMarker(marker);
        }
        return chart;
    }

    /** The chart as {@code <div><svg id=...>...</svg></div>}, {@link #WIDTH} wide. */
    public static String svg(JFreeChart chart, String id, int height) {
        return svg(chart, id, WIDTH, height);
    }

    /** The chart as {@code <div><svg id=...>...</svg></div>}, {@code width} by {@code height}. */
    public static String svg(JFreeChart chart, String id, int width, int height) {
        SVGGraphics2D g2 = new SVGGraphics2D(width, height);
        g2.setDefsKeyPrefix(id + "-");
        chart.draw(g2, new Rectangle(0, 0, width, height));
        return "<div>" + g2.getSVGElement(id) + "</div>";
    }
}
