package io.augflow.jobs.tune;

import io.augflow.jobs.report.PageCheck;
import static io.augflow.jobs.report.Html.count;
import static io.augflow.jobs.report.Html.esc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augflow.jobs.report.Html;
import io.augflow.pipeline.output.AtomicFile;
import io.augflow.pipeline.output.OutputWriteException;
import io.augflow.train.tune.Distribution;
import io.augflow.train.tune.Goal;
import io.augflow.train.tune.Parameter;
import io.augflow.train.tune.SearchSpace;
import io.augflow.train.tune.StudyState;
import io.augflow.train.tune.TrialRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * The page of a hyper-parameter study, {@code study.html} in the study folder, rendered from the replayed trial log
 * alone: self-contained (inline SVG and style, no network), in the style of augflow's other reports.
 *
 * <ul>
 *   <li>a header: the study (its folder's name), the strategy when the caller knows it, the metric and its goal,
 *       the trials finished, failed and running, and the best trial with its metric and configuration;</li>
 *   <li>the best-so-far curve: the best metric against the number of trials finished, in the order they
 *       finished ({@link StudyState#ended()}), which is not the trials' numbers when they run in parallel;</li>
 *   <li>the metric against each parameter (a log axis for {@code log-uniform}, the listed values for
 *       {@code choice});</li>
 *   <li>parallel coordinates over every parameter and the metric ({@link ParallelCoordinates});</li>
 *   <li>each trial's metric per epoch: a trial stopped at a rung is a shorter line, a running one dashed;</li>
 *   <li>the trials table: number, status, each parameter (blank where a conditional one was not set), metric,
 *       epochs, seed, duration and why a trial failed or was stopped; the best row highlighted.</li>
 * </ul>
 *
 * <p>Failed trials are in the table and in none of the charts; a finished trial whose metric is NaN (it diverged)
 * is in the table and the learning curves but cannot be best. The best of equal metrics is the one that finished
 * first. With no trial finished the page says so in place of the comparison charts.
 *
 * <p>For checking, the rows carry {@code data-trial}, {@code data-status} and {@code data-metric}, each figure
 * lists the trials it draws in {@code data-trials}, and the trials are embedded as JSON
 * ({@code <script type="application/json" id="study-data">}); on load a script recomputes the best trial from that
 * JSON, compares it and every row with the page, checks that no failed trial is drawn and that each chart drew, and
 * writes {@code ok} or the mismatches into {@code #check}, script errors into {@code #errors}.
 */
public final class StudyReport {
    /** The page's name in the study folder. */
    public static final String FILE_NAME = "study.html";
    private static final ObjectMapper JSON = new ObjectMapper();

    private StudyReport() {}

    /**
     * Writes {@code studyDir/study.html}, replacing an earlier page as a whole (a browser refreshing it mid-study
     * sees the old page or the new one); returns its path. The strategy is not shown: see
     * {@link #write(StudyState, SearchSpace, Goal, String, String, Path)}.
     *
     * @param metricName how the page names the metric the study optimises (e.g. {@code validation accuracy})
     */
    public static Path write(StudyState state, SearchSpace space, Goal goal, String metricName, Path studyDir)
            throws IOException {
        return write(studyDir, render(state, space, goal, metricName, Optional.empty(), studyName(studyDir)));
    }

    /** As {@link #write(StudyState, SearchSpace, Goal, String, Path)}, naming the search strategy in the header. */
    public static Path write(StudyState state, SearchSpace space, Goal goal, String metricName, String strategy,
            Path studyDir) throws IOException {
        return write(studyDir, render(state, space, goal, metricName, Optional.of(strategy), studyName(studyDir)));
    }

    private static Path write(Path studyDir, String page) throws IOException {
        Path target = studyDir.resolve(FILE_NAME);
        try {
            AtomicFile.replace(new org.apache.hadoop.fs.Path(target.toAbsolutePath().toUri()),
                    out -> out.write(page.getBytes(StandardCharsets.UTF_8)), new Configuration());
        } catch (OutputWriteException e) {
            throw new IOException(e.getMessage(), e);
        }
        return target;
    }

    private static String studyName(Path studyDir) {
        Path name = studyDir.toAbsolutePath().normalize().getFileName();
        return name == null ? studyDir.toString() : name.toString();
    }

    /** The page of the study called {@code name}. */
    static String render(StudyState state, SearchSpace space, Goal goal, String metricName,
            Optional<String> strategy, String name) {
        Objects.requireNonNull(metricName, "metricName");
        StudyOutcome outcome = new StudyOutcome(state, goal);
        List<Parameter> parameters = space.parameters();
        StringBuilder h = new StringBuilder(128 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>augflow study: ").append(esc(name)).append("</title>\n")
                .append(PageCheck.ERROR_CATCHER).append("\n")
                .append("<style>").append(STYLE).append("</style>\n</head><body>\n");
        header(h, outcome, parameters, metricName, strategy, name);
        if (outcome.scored().isEmpty()) {
            h.append("<p id=\"no-finished\" class=\"empty\">No trial has finished with a metric yet: there is no best")
                    .append(" trial, no best-so-far curve and nothing to compare the parameters by.")
                    .append(outcome.count(TrialRecord.Status.STARTED) > 0 ? " The running trials' epochs so far are"
                            + " below." : "").append("</p>\n");
        } else {
            bestSoFar(h, outcome, metricName);
            perParameter(h, outcome, parameters, metricName);
            parallel(h, outcome, parameters, metricName);
        }
        learningCurves(h, outcome, metricName);
        table(h, outcome, parameters, metricName);
        h.append(PageCheck.FOOTER)
                .append("<script type=\"application/json\" id=\"study-data\">")
                .append(json(outcome, metricName).replace("<", "\\u003c")).append("</script>\n<script>")
                .append(CHECK_SCRIPT).append("</script>\n</body></html>\n");
        return h.toString();
    }

    private static void header(StringBuilder h, StudyOutcome o, List<Parameter> parameters, String metricName,
            Optional<String> strategy, String name) {
        h.append("<header><h1>augflow study: ").append(esc(name)).append("</h1><p id=\"summary\">");
        strategy.ifPresent(s -> h.append("strategy <b>").append(esc(s)).append("</b> &middot; "));
        h.append("metric <b>").append(esc(metricName)).append("</b>, ").append(o.goal() == Goal.MAXIMIZE
                ? "higher is better (maximize)" : "lower is better (minimize)").append(" &middot; ")
                .append(count(o.trials().size())).append(o.trials().size() == 1 ? " trial: " : " trials: ")
                .append("<span id=\"done\" data-value=\"").append(o.count(TrialRecord.Status.FINISHED)).append("\">")
                .append(count(o.count(TrialRecord.Status.FINISHED))).append(" finished</span>, ")
                .append("<span id=\"failed\" data-value=\"").append(o.count(TrialRecord.Status.FAILED)).append("\">")
                .append(count(o.count(TrialRecord.Status.FAILED))).append(" failed</span>, ")
                .append("<span id=\"running\" data-value=\"").append(o.count(TrialRecord.Status.STARTED))
                .append("\">").append(count(o.count(TrialRecord.Status.STARTED))).append(" running</span></p>");
        if (o.best().isPresent()) {
            TrialRecord b = o.best().get();
            h.append("<div id=\"best\" data-trial=\"").append(b.trial()).append("\" data-metric=\"")
                    .append(StudyOutcome.metric(b)).append("\"><p>Best: <b>trial ").append(b.trial()).append("</b>, ")
                    .append(esc(metricName)).append(" <b>").append(ValueText.metric(StudyOutcome.metric(b)))
                    .append("</b> after ").append(epochs(b.epochMetrics().size())).append(", seed ").append(b.seed());
            b.seconds().ifPresent(s -> h.append(", ").append(ValueText.duration(s)));
            h.append(".</p><table class=\"kv\" id=\"best-config\">");
            for (Parameter p : parameters) {
                Object v = b.config().values().get(p.key());
                h.append("<tr><th>").append(esc(p.key())).append("</th><td>")
                        .append(v == null ? "<span class=\"unset\">not set (its condition does not hold)</span>"
                                : esc(ValueText.of(v))).append("</td></tr>");
            }
            h.append("</table></div>");
        }
        h.append("</header>\n");
    }

    private static void bestSoFar(StringBuilder h, StudyOutcome o, String metricName) {
        h.append("<section id=\"progress\"><h2>Best so far</h2>");
        figure(h, "fig-best-so-far", o.steps().stream().map(StudyOutcome.Step::trial).toList(),
                StudyCharts.bestSoFar(o, metricName), "The best " + metricName + " among the trials finished so far"
                        + " (red step line) and each finished trial's own (grey points), in the order they finished.");
        h.append("</section>\n");
    }

    private static void perParameter(StringBuilder h, StudyOutcome o, List<Parameter> parameters,
            String metricName) {
        h.append("<section id=\"parameters\"><h2>").append(esc(metricName)).append(" against each parameter</h2>")
                .append("<p class=\"note\">One point per finished trial, coloured by its metric (dark: better),")
                .append(" the best trial large and red; each axis spans the searched interval. Trials sharing a")
                .append(" choice are spread sideways a little.</p><div class=\"grid\">");
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            List<TrialRecord> set = o.scored().stream().filter(t -> t.config().values().containsKey(p.key()))
                    .toList();
            if (set.isEmpty()) {
                h.append("<p class=\"empty\" id=\"no-parameter-").append(i).append("\">").append(esc(p.key()))
                        .append(": no finished trial set it (its condition ").append(esc(String.valueOf(p.when())))
                        .append(" never held).</p>");
                continue;
            }
            String caption = p.key() + ": " + set.size() + " of " + o.scored().size() + " finished trials"
                    + (p.distribution() instanceof Distribution.LogUniform ? ", log scale"
                            : "");
            figure(h, "fig-parameter-" + i, set, StudyCharts.metricVs(p, i, o, metricName), caption);
        }
        h.append("</div></section>\n");
    }

    private static void parallel(StringBuilder h, StudyOutcome o, List<Parameter> parameters, String metricName) {
        h.append("<section id=\"parallel\"><h2>Parallel coordinates</h2>");
        figure(h, "fig-parallel", o.scored(), ParallelCoordinates.svg(parameters, o, metricName),
                "One line per finished trial through its parameters and its " + metricName
                        + ", coloured by the metric (dark: better); the best trial is the thick line. Hover a line"
                        + " for its trial.");
        h.append("</section>\n");
    }

    /** Finished and running trials with at least one epoch; failed ones are left out. */
    private static void learningCurves(StringBuilder h, StudyOutcome o, String metricName) {
        List<TrialRecord> drawn = o.trials().stream().filter(t -> t.status() != TrialRecord.Status.FAILED)
                .filter(t -> !t.epochMetrics().isEmpty()).toList();
        if (drawn.isEmpty()) {
            return;
        }
        h.append("<section id=\"curves\"><h2>Learning curves</h2>");
        figure(h, "fig-learning-curves", drawn, StudyCharts.learningCurves(drawn, o, metricName),
                metricName + " after each epoch, one line per trial coloured by its final metric (dark: better), the"
                        + " best thickest; a trial stopped early is a shorter line, a running one grey and dashed."
                        + " Failed trials are not drawn.");
        h.append("</section>\n");
    }

    private static void table(StringBuilder h, StudyOutcome o, List<Parameter> parameters, String metricName) {
        h.append("<section id=\"trials-section\"><h2>Trials</h2>");
        if (o.trials().isEmpty()) {
            h.append("<p class=\"empty\" id=\"no-trials\">No trial has started yet.</p>");
        }
        h.append("<div class=\"scroll\"><table id=\"trials\"><thead><tr><th>trial</th><th class=\"l\">status</th>");
        for (Parameter p : parameters) {
            h.append("<th title=\"").append(esc(p.key())).append("\">").append(esc(ValueText.shortKey(p.key()))
                    .replace(".", ".<wbr>")).append("</th>"); // long keys break after a dot, not the page
        }
        h.append("<th>").append(esc(metricName)).append("</th><th>epochs</th><th>seed</th><th>duration</th>")
                .append("<th class=\"l\">failure or stop</th></tr></thead><tbody>");
        TrialRecord best = o.best().orElse(null);
        for (TrialRecord t : o.trials()) {
            h.append("<tr").append(t == best ? " class=\"best\"" : "").append(" data-trial=\"").append(t.trial())
                    .append("\" data-status=\"").append(t.status()).append('"');
            t.metric().ifPresent(m -> h.append(" data-metric=\"").append(m).append('"'));
            h.append("><td>").append(t.trial()).append(t == best ? " &#9733;" : "").append("</td><td class=\"l\">")
                    .append(status(t)).append("</td>");
            for (Parameter p : parameters) {
                Object v = t.config().values().get(p.key());
                h.append(v == null ? "<td class=\"blank\"></td>" : "<td>" + esc(ValueText.of(v)) + "</td>");
            }
            h.append("<td>").append(t.metric().isPresent() ? ValueText.metric(t.metric().getAsDouble()) : "")
                    .append("</td><td>").append(t.epochMetrics().size()).append("</td><td>").append(t.seed())
                    .append("</td><td>").append(t.seconds().isPresent() ? ValueText.duration(t.seconds()
                            .getAsDouble()) : "").append("</td><td class=\"l note\">")
                    .append(esc(t.failure().or(t::stop).orElse(""))).append("</td></tr>");
        }
        h.append("</tbody></table></div></section>\n");
    }

    private static String status(TrialRecord t) {
        return switch (t.status()) {
            case FINISHED -> t.stop().isPresent() ? "stopped early" : "finished";
            case FAILED -> "<span class=\"failed\">failed</span>";
            case STARTED -> "running";
        };
    }

    private static void figure(StringBuilder h, String id, List<TrialRecord> trials, String svg, String caption) {
        h.append("<figure id=\"").append(id).append("\" data-trials=\"")
                .append(String.join(" ", trials.stream().map(t -> String.valueOf(t.trial())).toList())).append("\">")
                .append(svg).append("<figcaption>").append(esc(caption)).append("</figcaption></figure>");
    }

    private static String epochs(int n) {
        return n == 1 ? "1 epoch" : n + " epochs";
    }

    /** The trials as the check script reads them: NaN metrics as the string "NaN", as Jackson writes them. */
    private static String json(StudyOutcome o, String metricName) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("metric", metricName);
        root.put("goal", o.goal().name());
        root.put("best", o.best().map(TrialRecord::trial).orElse(null));
        List<Map<String, Object>> trials = new ArrayList<>();
        for (TrialRecord t : o.trials()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("trial", t.trial());
            m.put("status", t.status().name());
            m.put("metric", t.metric().isPresent() ? t.metric().getAsDouble() : null);
            m.put("epochs", t.epochMetrics().size());
            trials.add(m);
        }
        root.put("trials", trials);
        root.put("ended", o.steps().stream().map(s -> s.trial().trial()).toList());
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the study's figures as JSON", e);
        }
    }

    private static final String STYLE = Html.BASE_STYLE + """
            header p{margin:6px 0}#best{background:#fff8e1;border:1px solid #f0d890;padding:6px 12px;margin-top:10px}
            table{border-collapse:collapse;font-size:13px;margin:6px 0}td,th{border:1px solid #ddd;padding:3px 8px;\
            text-align:right;white-space:nowrap}th{background:#f6f6f6;font-weight:500}td.l,th.l{text-align:left}
            table.kv td,table.kv th{text-align:left;border:none;background:none;padding:1px 16px 1px 0}
            table.kv th{font-weight:400;color:#555}.unset{color:#999;font-style:italic}
            tr.best td{background:#fff3c4;font-weight:600}td.note{white-space:normal;min-width:160px;color:#555}
            .failed{color:#b3261e}.scroll{overflow-x:auto}.empty{color:#666;font-style:italic}
            .note{color:#555;font-size:12px}.grid{display:flex;flex-wrap:wrap;gap:0 24px}.grid figure{width:500px}
            figure{margin:12px 0}figure svg{max-width:100%;height:auto;display:block}
            figcaption{color:#555;font-size:12px}footer{color:#999;font-size:11px;margin-top:24px}
            """;

    /**
     * On load: the rows against the embedded trials, the best recomputed from them (lowest loss in the order the
     * trials ended, first of equals) against the header and the highlighted row, no failed trial in a figure, the
     * parallel coordinates' lines against the finished trials, and each figure's SVG drawn.
     */
    private static final String CHECK_SCRIPT = PageCheck.onLoad("""
            function same(a, b) { return a === b || (isNaN(a) && isNaN(b)); }
            var data = JSON.parse(document.getElementById('study-data').textContent);
            var byTrial = {};
            data.trials.forEach(function (t) { byTrial[t.trial] = t; });
            var rows = document.querySelectorAll('#trials tbody tr');
            if (rows.length !== data.trials.length) {
              bad.push('table: ' + rows.length + ' rows for ' + data.trials.length + ' trials');
            }
            data.trials.forEach(function (t, i) {
              var r = rows[i];
              if (!r || Number(r.dataset.trial) !== t.trial || r.dataset.status !== t.status) {
                bad.push('row ' + i + ' is not trial ' + t.trial + ' (' + t.status + ')');
              } else if (t.metric !== null && !same(Number(r.dataset.metric), Number(t.metric))) {
                bad.push('trial ' + t.trial + ': page metric ' + r.dataset.metric + ', json ' + t.metric);
              }
            });
            var best = null, bestLoss = 0;
            data.ended.forEach(function (n) {
              var t = byTrial[n], m = Number(t.metric);
              if (t.status !== 'FINISHED' || isNaN(m)) { return; }
              var loss = data.goal === 'MAXIMIZE' ? -m : m;
              if (best === null || loss < bestLoss) { best = n; bestLoss = loss; }
            });
            if (best !== data.best) { bad.push('best: recomputed ' + best + ', written ' + data.best); }
            var marked = document.querySelectorAll('#trials tr.best');
            if (best === null ? marked.length !== 0
                : marked.length !== 1 || Number(marked[0].dataset.trial) !== best) {
              bad.push('highlighted rows: ' + marked.length);
            }
            var head = document.getElementById('best');
            if ((best === null) !== (head === null) || (head && Number(head.dataset.trial) !== best)) {
              bad.push('header best: ' + (head && head.dataset.trial));
            }
            document.querySelectorAll('figure[data-trials]').forEach(function (f) {
              f.dataset.trials.split(' ').filter(Boolean).forEach(function (n) {
                if (!byTrial[n] || byTrial[n].status === 'FAILED') { bad.push(f.id + ' draws trial ' + n); }
              });
            });
            var scored = data.trials.filter(function (t) {
              return t.status === 'FINISHED' && !isNaN(Number(t.metric));
            }).length;
            var pc = document.getElementById('chart-parallel');
            var lines = pc ? pc.querySelectorAll('path.trial').length : 0;
            if (lines !== scored) { bad.push('parallel coordinates: ' + lines + ' lines, ' + scored + ' scored'); }
            if ((scored > 0) !== (document.getElementById('chart-best-so-far') !== null)) {
              bad.push('best-so-far chart with ' + scored + ' scored trials');
            }
            document.querySelectorAll('figure').forEach(function (f) {
              var svg = f.querySelector('svg');
              if (!svg || !(svg.getBoundingClientRect().width > 0)
                  || svg.querySelectorAll('path,line,rect,circle,ellipse').length === 0) {
                bad.push(f.id + ': no drawn SVG');
              }
            });
            """);
}
