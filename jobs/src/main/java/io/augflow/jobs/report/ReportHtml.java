package io.augflow.jobs.report;

import static io.augflow.jobs.report.Html.count;
import static io.augflow.jobs.report.Html.esc;

import io.augflow.jobs.report.ReportModel.ClassFigures;
import io.augflow.jobs.report.ReportModel.ReportWarning;
import io.augflow.jobs.report.ReportModel.SampleTile;
import io.augflow.jobs.report.ReportModel.Totals;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * Renders a {@link ReportModel} as one self-contained HTML page: no external file, script, font or style,
 * so it opens offline. Charts are the inline SVGs of {@link ReportCharts}; sample tiles are PNG data URLs.
 *
 * <p>For checking, every figure on the page is machine-readable beside its display text: table cells and
 * summary cards carry {@code data-field} and {@code data-value} (the exact number as Java prints it), each
 * chart's {@code <figure>} carries its series as {@code data-*} lists, and the model itself is embedded as
 * JSON ({@code <script type="application/json" id="report-data">}). A small inline script compares the
 * rendered figures with that JSON on load and writes {@code ok} or the mismatches into {@code #check};
 * script errors land in {@code #errors}. All text from data (class names, ids, paths) is HTML-escaped.
 */
public final class ReportHtml {
    private ReportHtml() {}

    public static String render(ReportModel model) {
        return render(model, ReportCharts.svgs(model));
    }

    /** The page, with {@code svgs} (chart id to SVG element) as the charts. */
    public static String render(ReportModel model, Map<String, String> svgs) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>augflow report: ").append(esc(model.provenance().dataset())).append("</title>\n")
                .append(PageCheck.ERROR_CATCHER).append("\n")
                .append("<style>").append(STYLE).append("</style>\n</head><body>\n");
        header(h, model);
        totals(h, model);
        warnings(h, model.warnings());
        charts(h, model, svgs);
        classTable(h, model.classes());
        samples(h, model.samples());
        h.append(PageCheck.FOOTER);
        h.append("<script type=\"application/json\" id=\"report-data\">").append(embeddedJson(model))
                .append("</script>\n<script>").append(CHECK_SCRIPT).append("</script>\n</body></html>\n");
        return h.toString();
    }

    /** The model as JSON that cannot end its script element: every {@code <} becomes {@code \u003c}. */
    static String embeddedJson(ReportModel model) {
        return model.toJson().replace("<", "\\u003c");
    }

    private static void header(StringBuilder h, ReportModel m) {
        var p = m.provenance();
        h.append("<header><h1>augflow report</h1><p class=\"sub\">").append(esc(p.dataset())).append("</p></header>\n")
                .append("<section id=\"provenance\"><h2>Provenance</h2><table class=\"kv\">");
        kv(h, "dataset", "dataset", p.dataset(), null);
        kv(h, "rows", "rows in the dataset (all splits)", count(p.rows()), Long.toString(p.rows()));
        kv(h, "configHash", "configuration SHA-256", p.configHash(), null);
        kv(h, "seed", "seed", Long.toString(p.seed()), Long.toString(p.seed()));
        kv(h, "createdAt", "created", p.createdAt(), null);
        kv(h, "augflowVersion", "augflow", p.augflowVersion(), null);
        if (!p.skippedFiles().isEmpty()) {
            kv(h, "skippedFiles", "corrupt files skipped (rows unknown)", String.join(", ",
                    p.skippedFiles().stream().map(f -> f.file()).toList()), Integer.toString(p.skippedFiles().size()));
        }
        kv(h, "strategy", "balance strategy", m.plan().strategy() + " (target " + m.plan().target()
                + ", max-repeat " + m.plan().maxRepeat() + ")", null);
        h.append("</table></section>\n");
    }

    private static void kv(StringBuilder h, String field, String label, String text, String value) {
        h.append("<tr><th>").append(esc(label)).append("</th><td data-field=\"").append(field).append('"');
        if (value != null) {
            h.append(" data-value=\"").append(esc(value)).append('"');
        }
        h.append('>').append(esc(text)).append("</td></tr>");
    }

    private static void totals(StringBuilder h, ReportModel m) {
        Totals t = m.totals();
        h.append("<section id=\"totals\"><h2>Summary</h2><div class=\"cards\">\n");
        card(h, "images", "images counted (" + String.join(", ", t.splits()) + ")", count(t.images()), t.images());
        card(h, "epochRows", "samples in one epoch of the plan", count(m.plan().epochRows()), m.plan().epochRows(),
                "plan");
        card(h, "imbalanceBefore", "imbalance ratio before", ratio(t.imbalanceBefore()), t.imbalanceBefore());
        card(h, "imbalanceAfter", "imbalance ratio after the plan", ratio(t.imbalanceAfter()), t.imbalanceAfter());
        card(h, "objects", "boxes", count(t.objects()), t.objects());
        card(h, "smallImageShare", "images with a small object", ReportWarnings.percent(t.smallImageShare()),
                t.smallImageShare());
        card(h, "smallObjectShare", "small objects / boxes (area < " + count((long) t.smallArea()) + " px²)",
                ReportWarnings.percent(t.smallObjectShare()), t.smallObjectShare());
        card(h, "quarantineRate", t.ingestKnown() ? "quarantined at ingest (" + count(t.quarantined()) + " of "
                + count(t.ingestRowsIn()) + ")" : "quarantined at ingest (no ingest summary)",
                t.ingestKnown() ? ReportWarnings.percent(t.quarantineRate()) : "n/a", t.quarantineRate());
        card(h, "duplicateIds", "ids on more than one row", count(t.duplicateIds()), t.duplicateIds());
        h.append("</div>");
        ReportModel.ImageSizes sizes = m.imageSizes();
        if (sizes != null && sizes.train().images() > 0) {
            var train = sizes.train();
            h.append("<p id=\"network-input\" data-input=\"").append(esc(sizes.networkInput()))
                    .append("\" data-resize=\"").append(esc(sizes.resize())).append("\">Training images: ")
                    .append(count(train.images())).append(" in ").append(count(train.distinctSizes()))
                    .append(train.distinctSizes() == 1 ? " size" : " sizes").append(" (median ")
                    .append(train.medianWidth()).append(" x ").append(train.medianHeight()).append("), ")
                    .append(count(train.colourImages())).append(" in colour, ")
                    .append(count(train.backgroundImages())).append(" background (neither a label nor a box). ")
                    .append("Network input <b>").append(esc(sizes.networkInput())).append("</b> (width x height x"
                            + " channels), other sizes brought to it by <b>").append(esc(sizes.resize()))
                    .append("</b>: ").append(esc(sizes.reason())).append(".</p>");
        }
        h.append("</section>\n");
    }

    private static void card(StringBuilder h, String field, String label, String text, double value) {
        card(h, field, label, text, value, "totals");
    }

    private static void card(StringBuilder h, String field, String label, String text, double value, String from) {
        h.append("<div class=\"card\"><div class=\"v\" data-from=\"").append(from).append("\" data-field=\"")
                .append(field).append("\" data-value=\"").append(num(value)).append("\">").append(esc(text))
                .append("</div><div class=\"k\">").append(esc(label)).append("</div></div>\n");
    }

    private static void warnings(StringBuilder h, List<ReportWarning> warnings) {
        h.append("<section id=\"warnings\"><h2>Warnings (").append(warnings.size()).append(")</h2>");
        if (warnings.isEmpty()) {
            h.append("<p class=\"none\">No warning.</p>");
        } else {
            h.append("<ul>");
            for (ReportWarning w : warnings) {
                h.append("<li data-kind=\"").append(esc(w.kind())).append("\" data-class-id=\"").append(w.classId())
                        .append("\">").append(esc(w.message())).append("</li>");
            }
            h.append("</ul>");
        }
        h.append("</section>\n");
    }

    private static void charts(StringBuilder h, ReportModel m, Map<String, String> svgs) {
        h.append("<section id=\"charts\"><h2>Charts</h2>\n");
        List<ClassFigures> c = m.classes();
        for (Map.Entry<String, String> e : svgs.entrySet()) {
            String id = e.getKey();
            h.append("<figure id=\"fig-").append(id).append("\" data-chart=\"").append(id).append('"');
            String caption;
            switch (id) {
                case ReportCharts.CLASS_HISTOGRAM -> {
                    series(h, "images", c, ClassFigures::images);
                    series(h, "epoch-images", c, ClassFigures::epochImages);
                    caption = "Images per class in the dataset and in one epoch of the plan ("
                            + m.plan().strategy() + ")" + (m.conf().logScale() ? ", log scale" : "")
                            + ". An image of several classes counts for each.";
                }
                case ReportCharts.OBJECT_SIZES -> {
                    series(h, "small", c, ClassFigures::small);
                    series(h, "medium", c, ClassFigures::medium);
                    series(h, "large", c, ClassFigures::large);
                    caption = "Boxes per class by size: small < " + count((long) m.totals().smallArea())
                            + " px², medium, large (COCO buckets).";
                }
                case ReportCharts.SMALL_SHARE -> {
                    series(h, "small-share", c, ClassFigures::smallShare);
                    caption = "Share of each class's boxes that are small.";
                }
                case ReportCharts.IMAGE_SIZES -> {
                    ReportModel.ImageSizes sizes = m.imageSizes();
                    h.append(" data-sizes=\"").append(sizes.train().commonSizes().stream()
                            .map(s -> s.width() + "x" + s.height() + ":" + s.images())
                            .collect(Collectors.joining(","))).append('"');
                    caption = sizes.train().distinctSizes() == 1 ? "All training images have one size."
                            : String.format(Locale.ROOT, "The %d most common of %d sizes among %d training images;"
                            + " median %d x %d.", sizes.train().commonSizes().size(), sizes.train().distinctSizes(),
                            sizes.train().images(), sizes.train().medianWidth(), sizes.train().medianHeight());
                }
                case ReportCharts.EFFECTIVE_NUMBER -> {
                    series(h, "effective-number", c, ClassFigures::effectiveNumber);
                    caption = "Effective number of samples per class, (1 - β^n) / (1 - β): how much new"
                            + " information n images add.";
                }
                default -> caption = id;
            }
            h.append(" data-class-ids=\"").append(c.stream().map(x -> Integer.toString(x.classId()))
                    .collect(Collectors.joining(","))).append("\">");
            h.append(e.getValue()).append("<figcaption>").append(esc(caption)).append("</figcaption></figure>\n");
        }
        h.append("</section>\n");
    }

    private static void series(StringBuilder h, String name, List<ClassFigures> classes,
            ToDoubleFunction<ClassFigures> value) {
        h.append(" data-").append(name).append("=\"").append(classes.stream().map(x -> num(value.applyAsDouble(x)))
                .collect(Collectors.joining(","))).append('"');
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("classId", "id", c -> (double) c.classId(), false),
            new Column("images", "images", c -> (double) c.images(), false),
            new Column("epochImages", "images, one epoch", c -> (double) c.epochImages(), false),
            new Column("primaryImages", "primary rows", c -> (double) c.primaryImages(), false),
            new Column("epochRows", "primary rows, one epoch", c -> (double) c.epochRows(), false),
            new Column("objects", "boxes", c -> (double) c.objects(), false),
            new Column("small", "small", c -> (double) c.small(), false),
            new Column("medium", "medium", c -> (double) c.medium(), false),
            new Column("large", "large", c -> (double) c.large(), false),
            new Column("smallShare", "small share", ClassFigures::smallShare, true),
            new Column("imagesWithSmall", "images with small", c -> (double) c.imagesWithSmall(), false),
            new Column("effectiveNumber", "effective number", ClassFigures::effectiveNumber, true),
            new Column("classWeight", "loss weight", ClassFigures::classWeight, true));

    private record Column(String field, String label, Function<ClassFigures, Double> value, boolean real) {}

    private static void classTable(StringBuilder h, List<ClassFigures> classes) {
        h.append("<section id=\"classes\"><h2>Per class</h2><div class=\"scroll\"><table id=\"class-table\"><thead><tr>")
                .append("<th>class</th>");
        for (Column col : COLUMNS) {
            h.append("<th>").append(esc(col.label())).append("</th>");
        }
        h.append("</tr></thead><tbody>\n");
        for (ClassFigures c : classes) {
            h.append("<tr data-class-id=\"").append(c.classId()).append("\"><td data-field=\"name\" class=\"name\">")
                    .append(esc(c.name())).append("</td>");
            for (Column col : COLUMNS) {
                double v = col.value().apply(c);
                String text = col.real() ? (col.field().equals("smallShare") ? ReportWarnings.percent(v) : real(v))
                        : count((long) v);
                h.append("<td data-field=\"").append(col.field()).append("\" data-value=\"").append(num(v))
                        .append("\">").append(esc(text)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table></div></section>\n");
    }

    private static void samples(StringBuilder h, List<SampleTile> tiles) {
        h.append("<section id=\"samples\"><h2>Samples</h2>");
        if (tiles.isEmpty()) {
            h.append("<p class=\"none\">No sample shown (report.samples = 0).</p>");
        } else {
            h.append("<p class=\"note\">Boxes as stored in blue; boxes pasted by copy-paste in orange.</p>")
                    .append("<div class=\"grid\">");
            for (SampleTile t : tiles) {
                h.append("<figure class=\"tile\" data-id=\"").append(esc(t.id())).append("\" data-kind=\"")
                        .append(esc(t.kind())).append("\" data-boxes=\"").append(t.boxes())
                        .append("\" data-pasted-boxes=\"").append(t.pastedBoxes()).append("\"><img src=\"data:image/png;base64,")
                        .append(t.pngBase64()).append("\" width=\"").append(t.width()).append("\" height=\"")
                        .append(t.height()).append("\" alt=\"").append(esc(t.kind() + " " + t.id())).append("\">")
                        .append("<figcaption>").append(esc(t.caption())).append("</figcaption></figure>");
            }
            h.append("</div>");
        }
        h.append("</section>\n");
    }

    /** The exact value as Java prints it: integers without a fraction, others by {@link Double#toString}. */
    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static String real(double v) {
        return String.format(Locale.ROOT, "%,.3f", v);
    }

    private static String ratio(double v) {
        return String.format(Locale.ROOT, "%.2f : 1", v);
    }

    private static final String STYLE = Html.BASE_STYLE + """
            .sub{margin:2px 0 0;color:#666;word-break:break-all}
            table.kv th{text-align:left;font-weight:500;color:#555;padding:2px 16px 2px 0}
            table.kv td{word-break:break-all}
            .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:10px}
            .card{border:1px solid #e3e3e3;border-radius:6px;padding:10px 12px;background:#fafafa}
            .card .v{font-size:20px;font-weight:600}.card .k{color:#666;font-size:12px}
            #warnings ul{margin:0;padding-left:20px}#warnings li{color:#9a3412;margin:3px 0}
            .none,.note{color:#666}
            figure{margin:0 0 20px}figure svg{max-width:100%;height:auto;display:block}
            figcaption{color:#555;font-size:13px;margin-top:4px}
            .scroll{overflow-x:auto}
            #class-table{border-collapse:collapse;font-size:13px}
            #class-table th,#class-table td{border-bottom:1px solid #eee;padding:3px 8px;text-align:right;white-space:nowrap}
            #class-table th:first-child,#class-table td.name{text-align:left}
            .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:12px}
            .tile{margin:0}.tile img{width:100%;height:auto;image-rendering:pixelated;border:1px solid #ddd}
            .tile figcaption{font-size:12px;word-break:break-all}
            footer{margin-top:24px;color:#999;font-size:11px}
            """;

    /**
     * Compares the page's figures with the embedded model on load: class table cells, summary cards,
     * chart series, warnings, sample tiles; each chart must have drawn an SVG with at least one bar per
     * non-zero value. Writes "ok" or the mismatches into #check and any script error into #errors.
     */
    private static final String CHECK_SCRIPT = PageCheck.onLoad("""
            function same(what, shown, expected) {
              if (Number(shown) !== Number(expected)) { bad.push(what + ': page ' + shown + ', json ' + expected); }
            }
            var data = JSON.parse(document.getElementById('report-data').textContent);
            data.classes.forEach(function (c) {
              var row = document.querySelector('#class-table tr[data-class-id="' + c.classId + '"]');
              if (!row) { bad.push('no table row for class ' + c.classId); return; }
              var name = row.querySelector('[data-field="name"]').textContent;
              if (name !== c.name) { bad.push('class ' + c.classId + ' name: page ' + name + ', json ' + c.name); }
              row.querySelectorAll('td[data-value]').forEach(function (td) {
                same('class ' + c.classId + ' ' + td.dataset.field, td.dataset.value, c[td.dataset.field]);
              });
            });
            if (document.querySelectorAll('#class-table tbody tr').length !== data.classes.length) {
              bad.push('table rows differ from classes');
            }
            document.querySelectorAll('.card .v').forEach(function (v) {
              var src = v.dataset.from === 'plan' ? data.plan : data.totals;
              same('summary ' + v.dataset.field, v.dataset.value, src[v.dataset.field]);
            });
            var series = {'images': 'images', 'epochImages': 'epochImages', 'small': 'small', 'medium': 'medium',
              'large': 'large', 'smallShare': 'smallShare', 'effectiveNumber': 'effectiveNumber'};
            document.querySelectorAll('figure[data-chart]').forEach(function (f) {
              var svg = f.querySelector('svg');
              if (!svg || !(svg.getBoundingClientRect().width > 0)) { bad.push(f.id + ': no drawn SVG'); return; }
              var bars = 0, shapes = svg.querySelectorAll('rect,path').length;
              Object.keys(series).forEach(function (field) {
                var attr = f.dataset[field];
                if (attr === undefined) { return; }
                var values = attr.split(',');
                if (values.length !== data.classes.length) { bad.push(f.id + ' ' + field + ': wrong length'); return; }
                values.forEach(function (v, i) {
                  same(f.id + ' ' + field + ' class ' + data.classes[i].classId, v, data.classes[i][series[field]]);
                  if (Number(v) > 0) { bars++; }
                });
              });
              if (shapes < bars) { bad.push(f.id + ': ' + shapes + ' shapes for ' + bars + ' bars'); }
            });
            var items = document.querySelectorAll('#warnings li');
            if (items.length !== data.warnings.length) { bad.push('warnings: page ' + items.length + ', json ' + data.warnings.length); }
            items.forEach(function (li, i) {
              if (data.warnings[i] && li.textContent !== data.warnings[i].message) { bad.push('warning ' + i + ' text differs'); }
            });
            var tiles = document.querySelectorAll('.tile img');
            if (tiles.length !== data.samples.length) { bad.push('tiles: page ' + tiles.length + ', json ' + data.samples.length); }
            tiles.forEach(function (img, i) {
              if (!(img.complete && img.naturalWidth === data.samples[i].width)) { bad.push('tile ' + i + ' did not decode'); }
            });
            """);
}
