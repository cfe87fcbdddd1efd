package io.augflow.jobs.tune;

import io.augflow.jobs.trainreport.TrainingCharts;
import io.augflow.train.tune.Distribution;
import io.augflow.train.tune.Parameter;
import io.augflow.train.tune.TrialRecord;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The study page's JFreeChart charts, drawn to inline SVG through {@link TrainingCharts} as the training report's
 * are: the best-so-far curve, the metric against each parameter, and the trials' learning curves. Trials are
 * coloured by their metric with {@link MetricColours}, the best one drawn last and largest.
 */
final class StudyCharts {
    static final String BEST_SO_FAR = "chart-best-so-far";
    static final String LEARNING_CURVES = "chart-learning-curves";
    /** Followed by the parameter's index in the search space. */
    static final String PARAMETER = "chart-parameter-";
    static final int WIDE = 1000;
    static final int SMALL = 500;
    private static final Color BEST_LINE = new Color(0xC44E52);
    private static final Color TRIAL_POINT = new Color(0x8C8C8C);
    private static final Color UNSCORED = new Color(0xB0B0B0);
    private static final Shape DOT = new Ellipse2D.Double(-3.5, -3.5, 7, 7);
    private static final Shape BIG_DOT = new Ellipse2D.Double(-6, -6, 12, 12);

    private StudyCharts() {}

    /**
     * The best metric so far against the number of trials finished, in the order they finished (a step line), with
     * each finished trial's own metric as a grey point.
     */
    static String bestSoFar(StudyOutcome outcome, String metricName) {
        XYSeries best = new XYSeries("best so far");
        XYSeries each = new XYSeries("each finished trial");
        for (StudyOutcome.Step step : outcome.steps()) {
            step.bestSoFar().ifPresent(b -> best.add(step.finished(), StudyOutcome.metric(b)));
            if (StudyOutcome.isScored(step.trial())) {
                each.add(step.finished(), StudyOutcome.metric(step.trial()));
            }
        }
        JFreeChart chart = TrainingCharts.line("trials finished", metricName, new XYSeriesCollection(best));
        XYPlot plot = chart.getXYPlot();
        // the step line (which draws no markers), its markers, then the trials' points: drawn last to first
        XYStepRenderer step = new XYStepRenderer();
        step.setSeriesPaint(0, BEST_LINE);
        step.setSeriesStroke(0, new BasicStroke(2.5f));
        plot.setRenderer(0, step);
        plot.setDataset(1, new XYSeriesCollection(best));
        XYLineAndShapeRenderer markers = new XYLineAndShapeRenderer(false, true);
        markers.setSeriesPaint(0, BEST_LINE);
        markers.setSeriesShape(0, DOT);
        markers.setSeriesVisibleInLegend(0, false);
        plot.setRenderer(1, markers);
        plot.setDataset(2, new XYSeriesCollection(each));
        XYLineAndShapeRenderer points = new XYLineAndShapeRenderer(false, true);
        points.setSeriesPaint(0, TRIAL_POINT);
        points.setSeriesShape(0, DOT);
        plot.setRenderer(2, points);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.REVERSE);
        looseRange(plot);
        return TrainingCharts.svg(chart, BEST_SO_FAR, WIDE, 320);
    }

    /**
     * The metric of each scored trial that set {@code p}, against its value: a log axis for a log-uniform range,
     * the listed values for a choice (each trial's point shifted sideways by a small amount fixed by its number, so
     * equal values stay visible), a plain axis over the searched interval otherwise. Empty when no scored trial set
     * the parameter.
     */
    static String metricVs(Parameter p, int index, StudyOutcome outcome, String metricName) {
        List<Paint> paints = new ArrayList<>();
        XYSeries others = new XYSeries("trials");
        XYSeries best = new XYSeries("best trial");
        TrialRecord bestTrial = outcome.best().orElseThrow();
        for (TrialRecord t : outcome.scored()) {
            Object value = t.config().values().get(p.key());
            if (value == null) {
                continue;
            }
            double x = x(p, value, t.trial());
            if (Double.isNaN(x)) {
                continue;
            }
            double metric = StudyOutcome.metric(t);
            if (t == bestTrial) {
                best.add(x, metric);
            } else {
                others.add(x, metric);
                paints.add(MetricColours.of(outcome.quality(metric)));
            }
        }
        if (others.isEmpty() && best.isEmpty()) {
            return "";
        }
        XYSeriesCollection data = new XYSeriesCollection(others);
        data.addSeries(best);
        JFreeChart chart = TrainingCharts.line(ValueText.shortKey(p.key()), metricName, data);
        chart.removeLegend();
        XYPlot plot = chart.getXYPlot();
        plot.setDomainAxis(axis(p));
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true) {
            private static final long serialVersionUID = 1L;

            @Override
            public Paint getItemPaint(int series, int item) {
                return series == 0 ? paints.get(item) : BEST_LINE;
            }
        };
        renderer.setSeriesShape(0, DOT);
        renderer.setSeriesShape(1, BIG_DOT);
        plot.setRenderer(renderer);
        looseRange(plot);
        return TrainingCharts.svg(chart, PARAMETER + index, SMALL, 300);
    }

    /** Where a trial's value sits on the x axis; NaN when the value is not one the space knows. */
    private static double x(Parameter p, Object value, int trial) {
        if (p.distribution() instanceof Distribution.Choice c) {
            int i = c.indexOf(value);
            // a golden-ratio offset per trial: spread evenly, the same on every render
            double jitter = ((trial * 0.6180339887498949) % 1.0 - 0.5) * 0.3;
            return i < 0 ? Double.NaN : i + jitter;
        }
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static ValueAxis axis(Parameter p) {
        String label = ValueText.shortKey(p.key());
        if (p.distribution() instanceof Distribution.Choice c) {
            String[] names = c.values().stream().map(ValueText::of).toArray(String[]::new);
            SymbolAxis axis = new SymbolAxis(label, names);
            axis.setGridBandsVisible(false);
            axis.setRange(-0.5, names.length - 0.5);
            return axis;
        }
        if (p.distribution() instanceof Distribution.LogUniform log) {
            LogAxis axis = new LogAxis(label + " (log scale)");
            axis.setBase(10);
            axis.setSmallestValue(log.a() / 2);
            axis.setNumberFormatOverride(new DecimalFormat("0.##E0", DecimalFormatSymbols.getInstance(Locale.ROOT)));
            double margin = Math.pow(log.b() / log.a(), 0.03);
            axis.setRange(log.a() / margin, log.b() * margin);
            return axis;
        }
        NumberAxis axis = new NumberAxis(label);
        double a = p.distribution() instanceof Distribution.Uniform u ? u.a() : ((Distribution.IntRange) p
                .distribution()).a();
        double b = p.distribution() instanceof Distribution.Uniform u ? u.b() : ((Distribution.IntRange) p
                .distribution()).b();
        if (p.distribution() instanceof Distribution.IntRange) {
            axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        double margin = (b - a) * 0.04;
        axis.setRange(a - margin, b + margin);
        return axis;
    }

    /**
     * The metric per epoch of each trial drawn: finished trials coloured by their metric (the best thickest and on
     * top), running ones grey and dashed. A trial stopped at a rung is a shorter line.
     */
    static String learningCurves(List<TrialRecord> drawn, StudyOutcome outcome, String metricName) {
        List<TrialRecord> order = new ArrayList<>(drawn);
        TrialRecord best = outcome.best().orElse(null);
        order.sort(Comparator.comparingDouble((TrialRecord t) -> StudyOutcome.isScored(t)
                ? outcome.quality(StudyOutcome.metric(t)) : -1).thenComparing(t -> t == best));
        XYSeriesCollection data = new XYSeriesCollection();
        for (TrialRecord t : order) {
            XYSeries s = new XYSeries("trial " + t.trial());
            for (int e = 0; e < t.epochMetrics().size(); e++) {
                s.add(e + 1, t.epochMetrics().get(e));
            }
            data.addSeries(s);
        }
        JFreeChart chart = TrainingCharts.line("epoch", metricName, data);
        chart.removeLegend();
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < order.size(); i++) {
            TrialRecord t = order.get(i);
            boolean running = t.status() == TrialRecord.Status.STARTED;
            renderer.setSeriesPaint(i, StudyOutcome.isScored(t) ? MetricColours.of(outcome.quality(
                    StudyOutcome.metric(t))) : UNSCORED);
            renderer.setSeriesStroke(i, running
                    ? new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {5f, 4f}, 0f)
                    : new BasicStroke(t == best ? 3.5f : 1.8f));
            renderer.setSeriesShape(i, t == best ? DOT : new Ellipse2D.Double(-2.5, -2.5, 5, 5));
        }
        plot.setRenderer(renderer);
        looseRange(plot);
        return TrainingCharts.svg(chart, LEARNING_CURVES, WIDE, 340);
    }

    /**
     * A metric axis fitted to the values, not stretched down to zero, and at least 0.02 tall so that one trial (or
     * equal metrics) does not collapse it into a column of equal tick labels; a count axis at least 2 wide.
     */
    private static void looseRange(XYPlot plot) {
        if (plot.getRangeAxis() instanceof NumberAxis n) {
            n.setAutoRangeIncludesZero(false);
            n.setAutoRangeMinimumSize(0.02);
        }
        if (plot.getDomainAxis() instanceof NumberAxis n && n.isAutoRange()) {
            n.setAutoRangeMinimumSize(2);
        }
    }
}
