package io.augflow.jobs.tune;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import io.augflow.augment.DataException;
import io.augflow.pipeline.output.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a study is: its dataset, search space, strategy, seed, metric and the training configuration its trials start
 * from. Saved in the study folder ({@link #FILE}) by the first run; a rerun (a resume) must describe the same study,
 * or its finished trials would be compared with trials of another one: a changed spec is refused with what changed.
 * How many trials, how many at once, the time limit and the epoch budget may change between runs (a study can be
 * extended).
 *
 * @param space    the search space, each leaf key to its value (HOCON, concise)
 * @param search   the strategy's settings, e.g. {@code strategy}, {@code tpe.gamma}, {@code halving.min-epochs}
 * @param training the training blocks trials start from, each leaf key ({@code augflow.optimizer.type}) to its value
 */
public record StudySpec(
        @JsonProperty("dataset") String dataset,
        @JsonProperty("space") Map<String, String> space,
        @JsonProperty("search") Map<String, String> search,
        @JsonProperty("seed") long seed,
        @JsonProperty("training") Map<String, String> training) {

    public static final String FILE = "study-spec.json";
    /** The blocks of the {@code augflow} block that make up a trial's training (the seed is the trial's own). */
    static final List<String> TRAINING_BLOCKS = List.of("train", "model", "optimizer", "loss", "augment", "balance",
            "stats", "input");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final int SHOWN_CHANGES = 8;

    public StudySpec {
        Objects.requireNonNull(dataset, "dataset");
        space = Map.copyOf(space);
        search = Map.copyOf(search);
        training = Map.copyOf(training);
    }

    /** The spec of a study over {@code dataset} with the space block {@code space} and the resolved root. */
    public static StudySpec of(String dataset, Config space, TuneConf tune, Config root) {
        Map<String, String> search = new TreeMap<>();
        search.put("strategy", tune.strategy().key());
        search.put("metric", tune.metricName());
        switch (tune.strategy()) {
            case GRID -> search.put("grid.points", String.valueOf(tune.gridPoints()));
            case TPE -> {
                search.put("tpe.gamma", String.valueOf(tune.tpe().gamma()));
                search.put("tpe.startup-trials", String.valueOf(tune.tpe().startupTrials()));
                search.put("tpe.candidates", String.valueOf(tune.tpe().candidates()));
            }
            case HALVING -> {
                search.put("halving.min-epochs", String.valueOf(tune.halving().minEpochs()));
                search.put("halving.reduction-factor", String.valueOf(tune.halving().reductionFactor()));
                search.put("halving.max-epochs", String.valueOf(tune.halving().maxEpochs()));
            }
            default -> { }
        }
        Map<String, String> training = new TreeMap<>();
        for (String block : TRAINING_BLOCKS) {
            if (root.hasPath(block)) {
                training.putAll(leaves(root.getConfig(block).atKey(block).atKey("augflow")));
            }
        }
        return new StudySpec(dataset, leaves(space), search, tune.seed(), training);
    }

    private static Map<String, String> leaves(Config config) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
            out.put(e.getKey(), e.getValue().render(ConfigRenderOptions.concise()));
        }
        return out;
    }

    /**
     * Saves this spec in a new study folder, or checks it against the saved one.
     *
     * @throws IllegalArgumentException when the folder holds another study, listing what changed
     */
    public void saveOrCheck(Path studyDir) {
        Path file = studyDir.resolve(FILE);
        if (!Files.exists(file)) {
            AtomicFile.replace(new org.apache.hadoop.fs.Path(file.toUri()), out -> JSON.writeValue(out, this),
                    new org.apache.hadoop.conf.Configuration());
            return;
        }
        StudySpec saved = read(file);
        List<String> changes = saved.changesTo(this);
        if (!changes.isEmpty()) {
            List<String> shown = changes.subList(0, Math.min(SHOWN_CHANGES, changes.size()));
            throw new IllegalArgumentException("the study folder " + studyDir + " holds another study ("
                    + changes.size() + " change" + (changes.size() == 1 ? "" : "s") + " since its first run: "
                    + String.join("; ", shown) + (changes.size() > shown.size() ? "; ..." : "") + "): run with the"
                    + " study's settings to resume it, or give this search another study folder (-o)");
        }
    }

    /** What differs from this (saved) spec to {@code now}, one "what: before -> now" entry each. */
    public List<String> changesTo(StudySpec now) {
        List<String> changes = new ArrayList<>();
        if (!dataset.equals(now.dataset)) {
            changes.add("dataset: " + dataset + " -> " + now.dataset);
        }
        if (seed != now.seed) {
            changes.add(TuneConf.SEED_KEY + ": " + seed + " -> " + now.seed);
        }
        diff("tune.", search, now.search, changes);
        diff("space ", space, now.space, changes);
        diff("", training, now.training, changes);
        return changes;
    }

    private static void diff(String prefix, Map<String, String> before, Map<String, String> now, List<String> out) {
        for (String key : new TreeSet<>(union(before, now))) {
            String a = before.get(key);
            String b = now.get(key);
            if (!Objects.equals(a, b)) {
                out.add(prefix + key + ": " + (a == null ? "(unset)" : a) + " -> " + (b == null ? "(unset)" : b));
            }
        }
    }

    private static TreeSet<String> union(Map<String, String> a, Map<String, String> b) {
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }

    static StudySpec read(Path file) {
        try {
            return JSON.readValue(file.toFile(), StudySpec.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DataException(file + " is not a study spec (" + e.getOriginalMessage() + "): remove the study"
                    + " folder, or give this search another one", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
