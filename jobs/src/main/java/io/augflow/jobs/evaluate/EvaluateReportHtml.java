package io.augflow.jobs.evaluate;

import io.augflow.jobs.report.PageCheck;
import static io.augflow.jobs.report.Html.count;
import static io.augflow.jobs.report.Html.esc;

import io.augflow.jobs.report.ConfusionTable;
import io.augflow.jobs.report.Html;
import io.augflow.train.detect.eval.CocoMetrics;
import io.augflow.train.eval.CalibrationCurve;
import io.augflow.train.eval.ClassificationMetrics;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders {@code metrics.html} from an {@link EvaluationRecord} alone: where the figures come from and the rows
 * counted; for a classifier the overall metrics, per-class precision/recall/F1, the confusion matrix and the
 * reliability diagram with its bins; for a detector COCO's 12 stats, the AP per class (table and chart) and links to
 * the COCO files. Self-contained (inline SVG). Every figure sits in a {@code data-value} attribute with the
 * {@code data-path} of the same figure in the record, which is embedded as JSON
 * ({@code <script type="application/json" id="evaluate-data">}); a script compares the two on load and writes
 * {@code ok} or the mismatches into {@code #check}, script errors into {@code #errors}.
 */
public final class EvaluateReportHtml {
    private EvaluateReportHtml() {}

    public static String render(EvaluationRecord r) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>augflow evaluate: ")
                .append(esc(r.split())).append("</title>\n<style>").append(STYLE).append("</style>\n")
                .append(PageCheck.ERROR_CATCHER).append("</head><body>\n")
                .append("<header><h1>augflow evaluate</h1><p id=\"summary\">").append(esc(r.summary()))
                .append("</p></header>\n");
        provenance(h, r);
        if (r.isDetector()) {
            detection(h, r);
        } else {
            classification(h, r.classification());
            calibration(h, r.calibration());
        }
        h.append(PageCheck.FOOTER)
                .append("<script type=\"application/json\" id=\"evaluate-data\">")
                .append(r.toJson().replace("<", "\\u003c")).append("</script>\n<script>").append(CHECK_SCRIPT)
                .append("</script>\n</body></html>\n");
        return h.toString();
    }

    private static void provenance(StringBuilder h, EvaluationRecord r) {
        h.append("<section id=\"provenance\"><h2>Run</h2><table class=\"kv\">");
        kv(h, "task", r.task());
        kv(h, "model", r.model());
        kv(h, "dataset", r.dataset());
        kv(h, "split", r.split());
        kv(h, "test-time augmentation", r.tta());
        kv(h, "evaluated at", r.evaluatedAt());
        kv(h, "wall time", String.format(Locale.ROOT, "%.1f s", r.seconds()));
        h.append("</table><table id=\"counts\"><tr><th class=\"l\">rows</th><th>count</th></tr>");
        countRow(h, "in the split", "rowsIn", r.counts().rowsIn());
        countRow(h, "evaluated", "evaluated", r.counts().evaluated());
        countRow(h, "quarantined", "quarantined", r.counts().quarantined());
        if (!r.isDetector()) {
            countRow(h, "without a class (background, left out)", "unlabelled", r.counts().unlabelled());
        }
        h.append("</table>");
        if (!r.counts().examples().isEmpty()) {
            h.append("<h3>Quarantined rows (first ").append(r.counts().examples().size()).append(")</h3><ul id=\"")
                    .append("quarantine\">");
            r.counts().examples().forEach(e -> h.append("<li>").append(esc(e)).append("</li>"));
            h.append("</ul>");
        }
        h.append("</section>\n");
    }

    private static void classification(StringBuilder h, ClassificationMetrics m) {
        h.append("<section id=\"metrics\"><h2>Classification (").append(count(m.examples()))
                .append(" images)</h2><table id=\"overall\"><tr><th class=\"l\">metric</th><th>value</th></tr>");
        overall(h, "accuracy", "classification.accuracy", m.accuracy());
        overall(h, "macro-F1", "classification.macroF1", m.macroF1());
        overall(h, "balanced accuracy", "classification.balancedAccuracy", m.balancedAccuracy());
        h.append("</table><h3>Per class</h3><table id=\"per-class\"><tr><th class=\"l\">class</th><th>support</th>")
                .append("<th>precision</th><th>recall</th><th>F1</th></tr>");
        for (int c = 0; c < m.perClass().size(); c++) {
            ClassificationMetrics.PerClass p = m.perClass(c);
            String at = "classification.perClass." + c + ".";
            h.append("<tr data-class=\"").append(c).append("\"><td class=\"l\">").append(esc(p.name())).append("</td>");
            cell(h, at + "support", p.support(), count(p.support()));
            cell(h, at + "precision", p.precision(), f4(p.precision()));
            cell(h, at + "recall", p.recall(), f4(p.recall()));
            cell(h, at + "f1", p.f1(), f4(p.f1()));
            h.append("</tr>");
        }
        h.append("</table>");
        ConfusionTable.append(h, m);
        h.append("</section>\n");
    }

    private static void calibration(StringBuilder h, CalibrationCurve c) {
        h.append("<section id=\"calibration\"><h2>Calibration</h2><table id=\"ece\"><tr><th class=\"l\">metric")
                .append("</th><th>value</th></tr>");
        overall(h, "expected calibration error (" + c.bins().size() + " bins)", "calibration.ece", c.ece());
        h.append("</table><figure id=\"fig-reliability\">").append(EvaluateCharts.reliability(c))
                .append("<figcaption>Reliability diagram: accuracy against mean confidence (the top class's")
                .append(" probability) per equal-width confidence bin; the dashed diagonal is a perfectly calibrated")
                .append(" model, points below it are over-confident.</figcaption></figure>")
                .append("<table id=\"bins\"><tr><th>confidence in</th><th>images</th><th>mean confidence</th>")
                .append("<th>accuracy</th><th>gap</th></tr>");
        for (int b = 0; b < c.bins().size(); b++) {
            CalibrationCurve.Bin bin = c.bins().get(b);
            String at = "calibration.bins." + b + ".";
            h.append("<tr data-bin=\"").append(b).append("\"><td>").append(String.format(Locale.ROOT,
                    "(%.3f, %.3f]", bin.lower(), bin.upper())).append("</td>");
            cell(h, at + "count", bin.count(), count(bin.count()));
            cell(h, at + "confidence", bin.confidence(), bin.count() == 0 ? "-" : f4(bin.confidence()));
            cell(h, at + "accuracy", bin.accuracy(), bin.count() == 0 ? "-" : f4(bin.accuracy()));
            h.append("<td>").append(bin.count() == 0 ? "-" : String.format(Locale.ROOT, "%+.4f",
                    bin.accuracy() - bin.confidence())).append("</td></tr>");
        }
        h.append("</table></section>\n");
    }

    @SuppressWarnings("unchecked")
    private static void detection(StringBuilder h, EvaluationRecord r) {
        Map<String, Object> d = r.detection();
        h.append("<section id=\"metrics\"><h2>Detection (COCO; -1 where no ground truth counts)</h2>")
                .append("<table id=\"overall\"><tr><th class=\"l\">metric</th><th>value</th></tr>");
        for (String name : CocoMetrics.STAT_NAMES) {
            overall(h, name, "detection." + name, ((Number) d.get(name)).doubleValue());
        }
        h.append("</table><h3>Per class</h3><table id=\"per-class\"><tr><th class=\"l\">class</th>")
                .append("<th>ground-truth boxes</th><th>AP@[.5:.95]</th><th>AP50</th><th>recall@.50</th></tr>");
        List<Map<String, Object>> classes = (List<Map<String, Object>>) d.get("perClass");
        for (int c = 0; c < classes.size(); c++) {
            Map<String, Object> k = classes.get(c);
            String at = "detection.perClass." + c + ".";
            h.append("<tr data-class=\"").append(c).append("\"><td class=\"l\">").append(esc(String.valueOf(
                    k.get("name")))).append("</td>");
            long boxes = ((Number) k.get("groundTruths")).longValue();
            cell(h, at + "groundTruths", boxes, count(boxes));
            for (String f : List.of("ap", "ap50", "recall50")) {
                double v = ((Number) k.get(f)).doubleValue();
                cell(h, at + f, v, f4(v));
            }
            h.append("</tr>");
        }
        h.append("</table><figure id=\"fig-ap\">").append(EvaluateCharts.classAp(d))
                .append("<figcaption>AP per class on the split (no bar: no ground truth).</figcaption></figure>")
                .append("<p id=\"coco-files\">COCO files for pycocotools: <a href=\"").append(esc(r.cocoGroundTruth()))
                .append("\">ground truth (instances)</a>, <a href=\"").append(esc(r.cocoResults()))
                .append("\">detections (results)</a>.</p></section>\n");
    }

    private static void overall(StringBuilder h, String label, String path, double v) {
        h.append("<tr><td class=\"l\">").append(esc(label)).append("</td>");
        cell(h, path, v, f4(v));
        h.append("</tr>");
    }

    private static void countRow(StringBuilder h, String label, String field, long v) {
        h.append("<tr><td class=\"l\">").append(esc(label)).append("</td>");
        cell(h, "counts." + field, v, count(v));
        h.append("</tr>");
    }

    private static void cell(StringBuilder h, String path, double value, String text) {
        h.append("<td data-path=\"").append(path).append("\" data-value=\"").append(value).append("\">")
                .append(esc(text)).append("</td>");
    }

    private static void kv(StringBuilder h, String label, String text) {
        h.append("<tr><th>").append(esc(label)).append("</th><td>").append(esc(String.valueOf(text)))
                .append("</td></tr>");
    }

    private static String f4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static final String STYLE = Html.BASE_STYLE + """
            table{border-collapse:collapse;font-size:13px;margin:6px 0}td,th{border:1px solid #ddd;padding:3px 8px;\
            text-align:right}th{background:#f6f6f6;font-weight:500}td.l,th.l{text-align:left}.cm td{min-width:34px}
            table.kv td,table.kv th{text-align:left;border:none;padding:2px 16px 2px 0;word-break:break-all}
            figure{margin:16px 0}figure svg{max-width:100%;height:auto;display:block}
            figcaption{color:#555;font-size:12px}footer{color:#999;font-size:11px;margin-top:24px}
            """;

    /**
     * On load: every {@code data-path} cell against the embedded record, every confusion cell against its matrix,
     * and each chart drawn; writes "ok" or the mismatches into #check and any script error into #errors.
     */
    private static final String CHECK_SCRIPT = PageCheck.onLoad("""
            var data = JSON.parse(document.getElementById('evaluate-data').textContent);
            var cells = document.querySelectorAll('td[data-path]');
            if (cells.length === 0) { bad.push('no figures on the page'); }
            cells.forEach(function (td) {
              var v = td.dataset.path.split('.').reduce(function (o, k) { return o == null ? o : o[k]; }, data);
              if (v === undefined || Number(td.dataset.value) !== Number(v)) {
                bad.push(td.dataset.path + ': page ' + td.dataset.value + ', json ' + v);
              }
            });
            document.querySelectorAll('#confusion td[data-count]').forEach(function (td) {
              var v = data.classification.confusion[td.dataset.actual][td.dataset.predicted];
              if (Number(td.dataset.count) !== v) { bad.push('confusion ' + td.dataset.actual + ','
                  + td.dataset.predicted + ': page ' + td.dataset.count + ', json ' + v); }
            });
            document.querySelectorAll('figure').forEach(function (f) {
              var svg = f.querySelector('svg');
              if (!svg || !(svg.getBoundingClientRect().width > 0)) { bad.push(f.id + ': no drawn SVG'); }
            });
            """);
}
