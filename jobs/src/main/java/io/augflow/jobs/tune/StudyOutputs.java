package io.augflow.jobs.tune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.augflow.pipeline.output.AtomicFile;
import io.augflow.train.spark.SparkTrainer;
import io.augflow.train.tune.StudyState;
import io.augflow.train.tune.TrialEvent;
import io.augflow.train.tune.TrialLog;
import io.augflow.train.tune.TrialRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The study's outputs beside its trial log: {@link #JSON_FILE} (the spec, every trial with its configuration, seed,
 * status, metric per epoch, timings and, when it stopped early, why; the best trial) and {@link #BEST_FILE} (the best
 * trial's training configuration, usable with {@code --conf}). Both are rewritten whole from the log after each run.
 */
public final class StudyOutputs {
    public static final String JSON_FILE = "study.json";
    public static final String BEST_FILE = "best.conf";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StudyOutputs() {}

    /**
     * Writes {@code study.json}, and {@code best.conf} when a trial finished, from the study's trial log; returns the
     * best trial.
     */
    public static Optional<TrialRecord> write(Path studyDir, StudySpec spec, TrialTraining training,
            TrialMetric trialMetric) {
        List<TrialEvent> events = TrialLog.read(studyDir.resolve(TuneJob.LOG_FILE));
        StudyState state = StudyState.replay(events);
        Optional<TrialRecord> best = StudyProgress.best(state);
        String metric = metricName(studyDir, best, trialMetric);
        Map<String, Object> study = new LinkedHashMap<>();
        study.put("metric", metric);
        study.put("goal", "maximize");
        study.put("counts", Map.of("finished", state.finished().size(), "failed", state.failed().size(),
                "halfDone", state.halfDone().size()));
        study.put("best", best.map(b -> bestEntry(studyDir, b)).orElse(null));
        List<Map<String, Object>> trials = new ArrayList<>();
        for (TrialRecord r : state.trials().values()) {
            trials.add(trialEntry(studyDir, r, events));
        }
        study.put("trials", trials);
        study.put("spec", spec);
        replace(studyDir.resolve(JSON_FILE), out -> JSON.writeValue(out, study));
        best.ifPresent(b -> replace(studyDir.resolve(BEST_FILE), out -> out.write(bestConf(b, training, metric)
                .getBytes(StandardCharsets.UTF_8))));
        return best;
    }

    static String bestConf(TrialRecord best, TrialTraining training, String metric) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "# the best trial of a tune study: trial %d, validation %s %.4f%n",
                best.trial(), metric, best.metric().getAsDouble()));
        text.append("# searched values (already in the blocks below):\n");
        for (String line : best.config().toHocon().split("\n")) {
            text.append("#   ").append(line).append('\n');
        }
        text.append("# use it with: bin/augflow train --conf best.conf -d DATASET -o OUT\n");
        text.append(training.asConfFile(best.config(), best.seed()));
        return text.toString();
    }

    private static Map<String, Object> bestEntry(Path studyDir, TrialRecord best) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("trial", best.trial());
        b.put("metric", number(best.metric().getAsDouble()));
        b.put("config", best.config().values());
        b.put("seed", best.seed());
        b.put("model", TrialRun.dir(studyDir.resolve(TuneJob.TRIALS_DIR), best.trial())
                .resolve(SparkTrainer.MODEL_FILE).toString());
        return b;
    }

    private static Map<String, Object> trialEntry(Path studyDir, TrialRecord r, List<TrialEvent> events) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("trial", r.trial());
        t.put("status", r.status().name().toLowerCase(Locale.ROOT));
        t.put("config", r.config().values());
        t.put("seed", r.seed());
        t.put("metric", r.metric().isPresent() ? number(r.metric().getAsDouble()) : null);
        t.put("epochMetrics", r.epochMetrics().stream().map(StudyOutputs::number).toList());
        t.put("epochs", r.epochMetrics().size());
        t.put("failure", r.failure().orElse(null));
        t.put("seconds", r.seconds().isPresent() ? r.seconds().getAsDouble() : null);
        List<String> times = events.stream().filter(e -> e.trial() == r.trial()).map(StudyOutputs::at).toList();
        t.put("started", times.isEmpty() ? null : times.get(0));
        t.put("ended", r.status() == TrialRecord.Status.STARTED || times.isEmpty() ? null
                : times.get(times.size() - 1));
        t.put("epochEnded", events.stream().filter(e -> e.trial() == r.trial() && e instanceof TrialEvent.Epoch)
                .map(StudyOutputs::at).toList());
        Path dir = TrialRun.dir(studyDir.resolve(TuneJob.TRIALS_DIR), r.trial());
        t.put("dir", dir.toString());
        t.put("stopReason", stopReason(dir).orElse(null));
        return t;
    }

    /**
     * The metric's name as trials ranked by it: {@code auto} is resolved from the best trial's {@code model.json}
     * (macro-f1 for a classifier, ap for a detector).
     */
    public static String metricName(Path studyDir, Optional<TrialRecord> best, TrialMetric metric) {
        if (!metric.name().equals(io.augflow.train.best.SelectionMetric.AUTO.key()) || best.isEmpty()) {
            return metric.name();
        }
        Path result = TrialRun.dir(studyDir.resolve(TuneJob.TRIALS_DIR), best.get().trial())
                .resolve(SparkTrainer.RESULT_FILE);
        try {
            String kept = JSON.readTree(result.toFile()).path("kept").path("metric").asText("");
            return kept.isEmpty() ? metric.name() : kept;
        } catch (IOException e) {
            return metric.name();
        }
    }

    /** Why the trial's training stopped before its epochs ran out (a rung, early stopping), from its model.json. */
    static Optional<String> stopReason(Path trialDir) {
        Path result = trialDir.resolve(SparkTrainer.RESULT_FILE);
        if (!Files.exists(result)) {
            return Optional.empty();
        }
        try {
            JsonNode kept = JSON.readTree(result.toFile()).path("kept");
            return kept.path("stoppedEarly").asBoolean(false) ? Optional.of(kept.path("stopReason").asText())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // a result being rewritten: the reason is left out, not the study
        }
    }

    private static String at(TrialEvent e) {
        if (e instanceof TrialEvent.Started s) {
            return s.at();
        }
        if (e instanceof TrialEvent.Epoch ep) {
            return ep.at();
        }
        if (e instanceof TrialEvent.Finished f) {
            return f.at();
        }
        return ((TrialEvent.Failed) e).at();
    }

    /** JSON has no NaN: a metric that is none is null. */
    private static Double number(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private static void replace(Path file, AtomicFile.Writer writer) {
        AtomicFile.replace(new org.apache.hadoop.fs.Path(file.toAbsolutePath().toUri()), writer,
                new org.apache.hadoop.conf.Configuration());
    }
}
