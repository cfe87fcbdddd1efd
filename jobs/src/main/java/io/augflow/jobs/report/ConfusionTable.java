package io.augflow.jobs.report;

import static io.augflow.jobs.report.Html.esc;

import io.augflow.train.eval.ClassificationMetrics;

/**
 * A confusion matrix as an HTML heatmap table ({@code id="confusion"}): actual classes down, predicted across, each
 * cell's count in {@code data-count}, its colour the share of the actual class (blue on the diagonal, red off it).
 * The training report and the evaluation page draw it alike.
 */
public final class ConfusionTable {
    private ConfusionTable() {}

    /** Appends the heading and the table to {@code h}. */
    public static void append(StringBuilder h, ClassificationMetrics t) {
        h.append("<h3>Confusion matrix (rows: actual, columns: predicted)</h3><table class=\"cm\" id=\"confusion\"><tr><th></th>");
        for (String c : t.classes()) {
            h.append("<th>").append(esc(c)).append("</th>");
        }
        h.append("</tr>");
        for (int a = 0; a < t.classes().size(); a++) {
            long rowTotal = 0;
            for (long v : t.confusion()[a]) {
                rowTotal += v;
            }
            h.append("<tr><th class=\"l\">").append(esc(t.classes().get(a))).append("</th>");
            for (int p = 0; p < t.classes().size(); p++) {
                long v = t.confusion()[a][p];
                double share = rowTotal == 0 ? 0 : (double) v / rowTotal;
                int shade = (int) Math.round(255 - 180 * share);
                String colour = a == p ? String.format("rgb(%d,%d,255)", shade, shade)
                        : String.format("rgb(255,%d,%d)", shade, shade);
                h.append("<td data-actual=\"").append(a).append("\" data-predicted=\"").append(p)
                        .append("\" data-count=\"").append(v).append("\" style=\"background:").append(colour)
                        .append("\">").append(v).append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table>");
    }
}
