package io.augflow.jobs.retrain;

import static io.augflow.jobs.report.Html.count;
import static io.augflow.jobs.report.Html.esc;

import io.augflow.jobs.report.Html;
import io.augflow.jobs.retrain.RetrainRecord.BalanceSummary;
import io.augflow.jobs.retrain.RetrainRecord.ClassBalance;
import io.augflow.train.detect.eval.CocoMetrics;
import io.augflow.train.eval.ClassificationMetrics;
import io.augflow.train.retrain.DataDelta;
import io.augflow.train.retrain.PromotionDecision;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders {@code retrain-report.html} from a {@link RetrainRecord} alone: outcome and reasons, the data delta,
 * the balancing report (linked, with its per-class figures), champion against challenger on the holdout overall
 * and per class (table and grouped chart: recall for classifiers, COCO AP for detectors), and how the challenger was trained. Self-contained (inline SVG,
 * no script or style from elsewhere); figures sit in {@code data-*} attributes and the record itself is embedded as
 * JSON ({@code <script type="application/json" id="retrain-data">}) so the page can be checked against it.
 */
public final class RetrainReportHtml {
    /** At most this many new files are listed; the rest are counted. */
    static final int MAX_FILES_SHOWN = 50;

    private RetrainReportHtml() {}

    public static String render(RetrainRecord r) {
        StringBuilder h = new StringBuilder(32 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<title>augflow retrain: ").append(esc(r.outcome().key())).append("</title>\n<style>")
                .append(STYLE).append("</style></head><body>\n");
        h.append("<header><h1>augflow retrain</h1><p id=\"outcome\" class=\"outcome ").append(r.outcome().key())
                .append("\" data-outcome=\"").append(r.outcome().key()).append("\">").append(esc(r.summary()))
                .append("</p></header>\n");
        reasons(h, r);
        provenance(h, r);
        if (r.delta() != null) {
            delta(h, r.delta());
        }
        if (r.balance() != null) {
            balance(h, r.balance());
        }
        if (r.challengerMetrics() != null) {
            metrics(h, r);
        }
        if (r.challengerDetection() != null) {
            detectionMetrics(h, r);
        }
        if (r.training() != null) {
            var t = r.training();
            h.append("<section id=\"training\"><h2>Training</h2><table class=\"kv\">");
            kv(h, "trainedFrom", "started from", t.trainedFrom());
            kv(h, "epochs", "epochs", Integer.toString(t.epochs()));
            kv(h, "seconds", "wall time", String.format(Locale.ROOT, "%.1f s", t.seconds()));
            kv(h, "output", "training output", t.output());
            kv(h, "configHash", "configuration SHA-256", t.configHash());
            kv(h, "seed", "seed", Long.toString(t.seed()));
            h.append("</table><p><a href=\"").append(esc(t.trainingReport()))
                    .append("\">training report</a> (").append(r.challengerDetection() != null
                            ? "loss and AP per epoch, AP per class and by size, precision/recall curves"
                            : "loss and validation per epoch, confusion matrix").append(")</p></section>\n");
        }
        h.append("<script type=\"application/json\" id=\"retrain-data\">").append(r.toJson().replace("<", "\\u003c"))
                .append("</script>\n</body></html>\n");
        return h.toString();
    }

    private static void reasons(StringBuilder h, RetrainRecord r) {
        h.append("<section id=\"decision\"><h2>Decision</h2>");
        PromotionDecision d = r.decision();
        if (d != null) {
            h.append("<p>").append(d.promote() ? "The challenger is promoted." : "The challenger is not promoted.")
                    .append(" Metric check (").append(esc(d.metric())).append(" +")
                    .append(f4(d.minImprovement())).append(" or more): <b data-field=\"metricImproved\" data-value=\"")
                    .append(d.metricImproved()).append("\">").append(d.metricImproved() ? "passed" : "failed")
                    .append("</b>; ").append(esc(d.classFigure())).append(" check (no class down more than ")
                    .append(f4(d.maxClassDrop())).append("): <b data-field=\"classKept\" data-value=\"")
                    .append(d.classDrops().isEmpty()).append("\">").append(d.classDrops().isEmpty() ? "passed"
                            : "failed (" + d.classDrops().size() + (d.classDrops().size() == 1 ? " class)"
                                    : " classes)")).append("</b>.</p>");
        }
        h.append("<ul id=\"reasons\">");
        for (String reason : r.reasons()) {
            h.append("<li>").append(esc(reason)).append("</li>");
        }
        h.append("</ul></section>\n");
    }

    private static void provenance(StringBuilder h, RetrainRecord r) {
        h.append("<section id=\"provenance\"><h2>Run</h2><table class=\"kv\">");
        kv(h, "dataset", "dataset", r.dataset());
        kv(h, "registry", "registry", r.registry());
        kv(h, "runDir", "run folder", r.runDir());
        kv(h, "startedAt", "started", r.startedAt());
        kv(h, "finishedAt", "finished", r.finishedAt());
        kv(h, "championBefore", "champion before", version(r.championBefore()));
        kv(h, "challenger", "new version", version(r.challenger()));
        kv(h, "championAfter", "champion after", version(r.championAfter()));
        if (r.holdoutSplit() != null) {
            kv(h, "holdoutSplit", "holdout split", r.holdoutSplit());
        }
        if (r.error() != null) {
            kv(h, "error", "error", r.error());
        }
        h.append("</table></section>\n");
    }

    private static void delta(StringBuilder h, DataDelta d) {
        h.append("<section id=\"delta\"><h2>New data since champion v").append(d.championVersion())
                .append("</h2><table class=\"kv\">");
        kv(h, "championRows", "rows at the champion", count(d.championRows()));
        kv(h, "currentRows", "rows now", count(d.currentRows()));
        kv(h, "newRows", "new rows", count(d.newRows()));
        kv(h, "newShare", "new share", String.format(Locale.ROOT, "%.1f%%", 100 * d.newShare()));
        h.append("</table><h3>New rows by class (counted splits)</h3><table id=\"delta-classes\"><tr><th class=\"l\">")
                .append("class</th><th>new rows</th></tr>");
        for (Map.Entry<String, Long> e : d.newRowsByClass().entrySet()) {
            h.append("<tr><td class=\"l\">").append(esc(e.getKey())).append("</td><td data-class=\"")
                    .append(esc(e.getKey())).append("\" data-value=\"").append(e.getValue()).append("\">")
                    .append(String.format(Locale.ROOT, "%+,d", e.getValue())).append("</td></tr>");
        }
        h.append("</table><h3>New ingested files (").append(d.newFiles().size()).append(")</h3>");
        if (d.newFiles().isEmpty()) {
            h.append("<p class=\"note\">None recorded.</p>");
        } else {
            h.append("<ul id=\"new-files\">");
            d.newFiles().stream().limit(MAX_FILES_SHOWN).forEach(f -> h.append("<li>").append(esc(f)).append("</li>"));
            if (d.newFiles().size() > MAX_FILES_SHOWN) {
                h.append("<li class=\"note\">and ").append(d.newFiles().size() - MAX_FILES_SHOWN).append(" more</li>");
            }
            h.append("</ul>");
        }
        h.append("</section>\n");
    }

    private static void balance(StringBuilder h, BalanceSummary b) {
        h.append("<section id=\"balance\"><h2>Balancing of the updated dataset</h2><p>Strategy <b>")
                .append(esc(b.strategy())).append("</b>: imbalance ratio ").append(ratio(b.imbalanceBefore()))
                .append(" in the dataset, ").append(ratio(b.imbalanceAfter())).append(" in one epoch of the plan. ")
                .append("<a href=\"").append(esc(b.reportHtml())).append("\">Full balancing report</a> (<a href=\"")
                .append(esc(b.reportJson())).append("\">JSON</a>).</p>")
                .append("<table id=\"balance-classes\"><tr><th class=\"l\">class</th><th>images (before)</th>")
                .append("<th>one epoch of the plan (after)</th></tr>");
        for (ClassBalance c : b.classes()) {
            h.append("<tr><td class=\"l\">").append(esc(c.name())).append("</td><td>").append(count(c.images()))
                    .append("</td><td>").append(count(c.epochImages())).append("</td></tr>");
        }
        h.append("</table></section>\n");
    }

    private static void metrics(StringBuilder h, RetrainRecord r) {
        ClassificationMetrics a = r.championMetrics();
        ClassificationMetrics b = r.challengerMetrics();
        h.append("<section id=\"metrics\"><h2>Holdout metrics (split ").append(esc(String.valueOf(r.holdoutSplit())))
                .append(", ").append(count(b.examples())).append(" images, not augmented)</h2>")
                .append("<table id=\"overall\"><tr><th class=\"l\">metric</th>")
                .append(a == null ? "" : "<th>champion</th>").append("<th>challenger</th>")
                .append(a == null ? "" : "<th>change</th>").append("</tr>");
        overall(h, "accuracy", a == null ? Double.NaN : a.accuracy(), b.accuracy(), a != null);
        overall(h, "macro-f1", a == null ? Double.NaN : a.macroF1(), b.macroF1(), a != null);
        overall(h, "balanced-accuracy", a == null ? Double.NaN : a.balancedAccuracy(), b.balancedAccuracy(), a != null);
        h.append("</table><h3>Per class</h3><table id=\"per-class\"><tr><th class=\"l\">class</th><th>support</th>");
        if (a != null) {
            h.append("<th>champion precision</th><th>champion recall</th><th>champion F1</th>");
        }
        h.append("<th>challenger precision</th><th>challenger recall</th><th>challenger F1</th>");
        if (a != null) {
            h.append("<th>recall change</th>");
        }
        h.append("</tr>");
        List<PromotionDecision.ClassFigure> recalls = r.decision() == null ? List.of() : r.decision().perClass();
        for (int c = 0; c < b.classes().size(); c++) {
            var y = b.perClass(c);
            boolean exceeds = c < recalls.size() && recalls.get(c).exceeds();
            h.append("<tr").append(exceeds ? " class=\"bad\"" : "").append(" data-class=\"").append(esc(y.name()))
                    .append("\"><td class=\"l\">").append(esc(y.name())).append("</td><td>").append(count(y.support()))
                    .append("</td>");
            if (a != null) {
                var x = a.perClass(c);
                cells(h, x.precision(), x.recall(), x.f1(), "champion");
            }
            cells(h, y.precision(), y.recall(), y.f1(), "challenger");
            if (a != null) {
                h.append("<td>").append(String.format(Locale.ROOT, "%+.4f", y.recall() - a.perClass(c).recall()))
                        .append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table><figure id=\"fig-recall\">").append(RecallChart.svg(a, b))
                .append("<figcaption>Recall per class on the holdout")
                .append(a == null ? "" : ", champion (grey) and challenger (blue)").append(".</figcaption></figure>")
                .append("</section>\n");
    }

    /**
     * A detector's holdout figures: COCO's overall stats, then per class the ground-truth boxes and AP, AP50 of
     * each model, the AP change (rows whose drop broke the limit marked), and the grouped AP chart.
     */
    private static void detectionMetrics(StringBuilder h, RetrainRecord r) {
        CocoMetrics a = r.championDetection();
        CocoMetrics b = r.challengerDetection();
        boolean compared = a != null;
        int boxes = b.perClass().stream().mapToInt(CocoMetrics.ClassMetrics::groundTruths).sum();
        h.append("<section id=\"metrics\"><h2>Holdout detection metrics (split ")
                .append(esc(String.valueOf(r.holdoutSplit()))).append(", ").append(count(boxes))
                .append(" ground-truth boxes, not augmented; COCO, -1 where no ground truth counts)</h2>")
                .append("<table id=\"overall\"><tr><th class=\"l\">metric</th>")
                .append(compared ? "<th>champion</th>" : "").append("<th>challenger</th>")
                .append(compared ? "<th>change</th>" : "").append("</tr>");
        double[] after = b.stats();
        double[] before = compared ? a.stats() : null;
        for (int i = 0; i < after.length; i++) {
            overall(h, CocoMetrics.STAT_NAMES.get(i), compared ? before[i] : Double.NaN, after[i], compared);
        }
        h.append("</table><h3>Per class</h3><table id=\"per-class\"><tr><th class=\"l\">class</th>")
                .append("<th>ground-truth boxes</th>");
        if (compared) {
            h.append("<th>champion AP</th><th>champion AP50</th>");
        }
        h.append("<th>challenger AP</th><th>challenger AP50</th>");
        if (compared) {
            h.append("<th>AP change</th>");
        }
        h.append("</tr>");
        List<PromotionDecision.ClassFigure> figures = r.decision() == null ? List.of() : r.decision().perClass();
        for (int c = 0; c < b.perClass().size(); c++) {
            CocoMetrics.ClassMetrics y = b.perClass(c);
            boolean exceeds = c < figures.size() && figures.get(c).exceeds();
            h.append("<tr").append(exceeds ? " class=\"bad\"" : "").append(" data-class=\"").append(esc(y.name()))
                    .append("\"><td class=\"l\">").append(esc(y.name())).append("</td><td>")
                    .append(count(y.groundTruths())).append("</td>");
            if (compared) {
                apCells(h, a.perClass(c), "champion");
            }
            apCells(h, y, "challenger");
            if (compared) {
                double x = a.perClass(c).ap();
                h.append("<td>").append(x < 0 || y.ap() < 0 ? "n/a"
                        : String.format(Locale.ROOT, "%+.4f", y.ap() - x)).append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table><figure id=\"fig-ap\">").append(RecallChart.svgAp(a, b))
                .append("<figcaption>AP@[.5:.95] per class on the holdout")
                .append(compared ? ", champion (grey) and challenger (blue)" : "").append(".</figcaption></figure>")
                .append("</section>\n");
    }

    private static void apCells(StringBuilder h, CocoMetrics.ClassMetrics m, String model) {
        h.append("<td data-model=\"").append(model).append("\" data-ap=\"").append(m.ap()).append("\">")
                .append(f4(m.ap())).append("</td><td>").append(f4(m.ap50())).append("</td>");
    }

    private static void overall(StringBuilder h, String name, double champion, double challenger, boolean compared) {
        h.append("<tr data-metric=\"").append(name).append("\"><td class=\"l\">").append(name).append("</td>");
        if (compared) {
            h.append("<td data-model=\"champion\" data-value=\"").append(champion).append("\">").append(f4(champion))
                    .append("</td>");
        }
        h.append("<td data-model=\"challenger\" data-value=\"").append(challenger).append("\">").append(f4(challenger))
                .append("</td>");
        if (compared) {
            h.append("<td>").append(String.format(Locale.ROOT, "%+.4f", challenger - champion)).append("</td>");
        }
        h.append("</tr>");
    }

    private static void cells(StringBuilder h, double precision, double recall, double f1, String model) {
        h.append("<td>").append(f4(precision)).append("</td><td data-model=\"").append(model)
                .append("\" data-recall=\"").append(recall).append("\">").append(f4(recall)).append("</td><td>")
                .append(f4(f1)).append("</td>");
    }

    private static void kv(StringBuilder h, String field, String label, String text) {
        h.append("<tr><th>").append(esc(label)).append("</th><td data-field=\"").append(field).append("\">")
                .append(esc(text)).append("</td></tr>");
    }

    private static String version(Integer v) {
        return v == null ? "none" : "v" + v;
    }

    private static String f4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String ratio(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static final String STYLE = Html.BASE_STYLE + """
            .outcome{font-size:16px;font-weight:600;padding:8px 12px;border-radius:6px;background:#f4f4f4}
            .outcome.promoted,.outcome.first-model{background:#e7f5ea;color:#1e6b2f}
            .outcome.rejected{background:#fff4e0;color:#8a4b00}.outcome.failed{background:#fde8e8;color:#9b1c1c}
            table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}
            th{background:#f6f6f6;font-weight:500}td.l,th.l{text-align:left}
            table.kv td,table.kv th{text-align:left;border:none;padding:2px 16px 2px 0;word-break:break-all}
            tr.bad td{background:#fde8e8}.note{color:#666}
            figure{margin:16px 0}figure svg{max-width:100%;height:auto;display:block}
            figcaption{color:#555;font-size:12px}
            """;
}
