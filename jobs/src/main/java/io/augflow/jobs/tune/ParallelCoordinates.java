package io.augflow.jobs.tune;

import static io.augflow.jobs.report.Html.esc;

import io.augflow.train.tune.Distribution;
import io.augflow.train.tune.Goal;
import io.augflow.train.tune.Parameter;
import io.augflow.train.tune.TrialRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Parallel coordinates of the scored trials, drawn by hand as one inline {@code <svg>} (JFreeChart has no such
 * plot): a vertical axis per parameter, in the search space's order, then one for the metric; each trial is a line
 * through its values, coloured by its metric ({@link MetricColours}), the best drawn last and thickest. Ranges span
 * their whole search interval (a logarithmic one on a log scale), choices sit evenly along their axis, and the
 * metric axis spans the scored metrics, highest at the top. A trial without a conditional parameter passes below
 * that axis, at its "not set" mark. Every line is a {@code <path class="trial" data-trial="n">} whose title names the trial and its metric.
 */
final class ParallelCoordinates {
    static final String ID = "chart-parallel";
    private static final int WIDTH = 1040;
    private static final int HEIGHT = 380;
    private static final int TOP = 46;
    private static final int BOTTOM = HEIGHT - 48;
    /** Below the axis: where a trial without a conditional parameter passes. */
    private static final double NOT_SET = -0.1;
    private static final int LEFT = 70;
    private static final int RIGHT = WIDTH - 110;

    private ParallelCoordinates() {}

    static String svg(List<Parameter> parameters, StudyOutcome outcome, String metricName) {
        int axes = parameters.size() + 1;
        double step = axes == 1 ? 0 : (double) (RIGHT - LEFT) / (axes - 1);
        double[] metricSpan = padded(outcome.metricRange());
        StringBuilder s = new StringBuilder(16 * 1024);
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"").append(ID).append("\" width=\"").append(WIDTH)
                .append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" font-family=\"sans-serif\" font-size=\"11\">")
                .append("<defs><linearGradient id=\"").append(ID).append("-scale\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">")
                .append(MetricColours.gradientStops()).append("</linearGradient></defs>")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");

        // lines first, worst first, so better trials and the best end on top
        List<TrialRecord> order = new ArrayList<>(outcome.scored());
        TrialRecord best = outcome.best().orElseThrow();
        order.sort(Comparator.comparingDouble((TrialRecord t) -> outcome.quality(StudyOutcome.metric(t)))
                .thenComparing(t -> t == best));
        s.append("<g fill=\"none\" stroke-linejoin=\"round\">");
        for (TrialRecord t : order) {
            double metric = StudyOutcome.metric(t);
            List<Double> ys = new ArrayList<>();
            for (Parameter p : parameters) {
                ys.add(position(p, t.config().values().get(p.key())).orElse(NOT_SET));
            }
            ys.add((metric - metricSpan[0]) / (metricSpan[1] - metricSpan[0]));
            s.append("<path class=\"trial\" data-trial=\"").append(t.trial()).append("\" d=\"")
                    .append(pathData(ys, step)).append("\" stroke=\"")
                    .append(MetricColours.hex(outcome.quality(metric))).append("\" stroke-width=\"")
                    .append(t == best ? "3.5" : "1.6").append("\" stroke-opacity=\"").append(t == best ? "1" : "0.8")
                    .append("\"><title>trial ").append(t.trial()).append(": ").append(esc(metricName)).append(' ')
                    .append(ValueText.metric(metric)).append(t == best ? " (best)" : "").append("</title></path>");
        }
        s.append("</g>");

        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            List<Tick> ticks = new ArrayList<>(ticks(p));
            if (!p.when().isEmpty()) {
                ticks.add(new Tick(NOT_SET, "not set"));
            }
            axis(s, LEFT + i * step, ValueText.shortKey(p.key()), p.key() + (p.when().isEmpty() ? "" : " (only when "
                    + p.when() + ")"), ticks);
        }
        List<double[]> metricTicks = new ArrayList<>();
        for (int k = 0; k <= 4; k++) {
            metricTicks.add(new double[] {k / 4.0, metricSpan[0] + (metricSpan[1] - metricSpan[0]) * k / 4.0});
        }
        List<Tick> ticks = metricTicks.stream().map(m -> new Tick(m[0], ValueText.metric(m[1]))).toList();
        axis(s, LEFT + parameters.size() * step, metricName, metricName + " (" + outcome.goal().name().toLowerCase(
                Locale.ROOT) + ")", ticks);
        colourBar(s, outcome, metricName);
        return s.append("</svg>").toString();
    }

    /** A tick at {@code at} in [0, 1] from the bottom of its axis. */
    record Tick(double at, String label) {}

    /** The SVG path through one point per axis. */
    private static String pathData(List<Double> ys, double step) {
        StringBuilder d = new StringBuilder();
        for (int i = 0; i < ys.size(); i++) {
            d.append(i == 0 ? 'M' : 'L').append(fmt(LEFT + i * step)).append(',').append(fmt(y(ys.get(i)))).append(' ');
        }
        return d.toString().trim();
    }

    /** Where a value sits on its parameter's axis, in [0, 1] from the bottom; empty when absent or not in the space. */
    static OptionalDouble position(Parameter p, Object value) {
        if (value == null) {
            return OptionalDouble.empty();
        }
        if (p.distribution() instanceof Distribution.Choice c) {
            int i = c.indexOf(value);
            if (i < 0) {
                return OptionalDouble.empty();
            }
            return OptionalDouble.of(c.values().size() == 1 ? 0.5 : (double) i / (c.values().size() - 1));
        }
        if (!(value instanceof Number)) {
            return OptionalDouble.empty();
        }
        Distribution.Range r = (Distribution.Range) p.distribution();
        return OptionalDouble.of((r.toInternal(value) - r.low()) / (r.high() - r.low()));
    }

    /** The labelled ticks of a parameter's axis: every choice, or the two ends and three points between. */
    private static List<Tick> ticks(Parameter p) {
        List<Tick> ticks = new ArrayList<>();
        if (p.distribution() instanceof Distribution.Choice c) {
            for (Object v : c.values()) {
                ticks.add(new Tick(position(p, v).getAsDouble(), ValueText.of(v)));
            }
            return ticks;
        }
        Distribution.Range r = (Distribution.Range) p.distribution();
        Set<String> labels = new HashSet<>();
        for (int k = 0; k <= 4; k++) {
            Object value = r.fromInternal(r.low() + (r.high() - r.low()) * k / 4.0);
            if (labels.add(ValueText.of(value))) { // a narrow int range rounds two ticks to one value
                ticks.add(new Tick(position(p, value).getAsDouble(), ValueText.of(value)));
            }
        }
        return ticks;
    }

    private static void axis(StringBuilder s, double x, String label, String title, List<Tick> ticks) {
        s.append("<g class=\"axis\"><line x1=\"").append(fmt(x)).append("\" y1=\"").append(TOP).append("\" x2=\"")
                .append(fmt(x)).append("\" y2=\"").append(BOTTOM).append("\" stroke=\"#555\"/>");
        // the ticks' labels sit left of the axis, on a white halo so lines crossing them do not hide them
        for (Tick t : ticks) {
            double y = y(t.at());
            s.append("<line x1=\"").append(fmt(x - 3)).append("\" y1=\"").append(fmt(y)).append("\" x2=\"")
                    .append(fmt(x + 3)).append("\" y2=\"").append(fmt(y)).append("\" stroke=\"#555\"/>")
                    .append("<text x=\"").append(fmt(x - 5)).append("\" y=\"").append(fmt(y + 4))
                    .append("\" text-anchor=\"end\" fill=\"#333\" paint-order=\"stroke\" stroke=\"white\"")
                    .append(" stroke-width=\"3\">").append(esc(t.label())).append("</text>");
        }
        s.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(TOP - 14)
                .append("\" text-anchor=\"middle\" font-weight=\"600\"><title>").append(esc(title)).append("</title>")
                .append(esc(label)).append("</text></g>");
    }

    /** The metric's colours beside the last axis, the best at the top. */
    private static void colourBar(StringBuilder s, StudyOutcome outcome, String metricName) {
        double[] range = outcome.metricRange();
        boolean maximise = outcome.goal() == Goal.MAXIMIZE;
        int x = RIGHT + 50;
        s.append("<g class=\"scale\"><rect x=\"").append(x).append("\" y=\"").append(TOP).append("\" width=\"14\"")
                .append(" height=\"").append(BOTTOM - TOP).append("\" fill=\"url(#").append(ID).append("-scale)\"/>")
                .append("<text x=\"").append(x + 7).append("\" y=\"").append(TOP - 6)
                .append("\" text-anchor=\"middle\">best</text><text x=\"").append(x + 7).append("\" y=\"")
                .append(BOTTOM + 14).append("\" text-anchor=\"middle\">worst</text>")
                .append("<title>line colour: ").append(esc(metricName)).append(" from ")
                .append(ValueText.metric(maximise ? range[0] : range[1])).append(" (worst) to ")
                .append(ValueText.metric(maximise ? range[1] : range[0])).append(" (best)</title></g>");
    }

    /** The metric axis' span: the scored range, widened when all metrics are equal. */
    private static double[] padded(double[] range) {
        if (range[1] > range[0]) {
            return range;
        }
        double pad = range[0] == 0 ? 0.5 : Math.abs(range[0]) * 0.05;
        return new double[] {range[0] - pad, range[1] + pad};
    }

    private static double y(double at) {
        return BOTTOM - at * (BOTTOM - TOP);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
