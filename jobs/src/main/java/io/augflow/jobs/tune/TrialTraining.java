package io.augflow.jobs.tune;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import io.augflow.jobs.AugflowConf;
import io.augflow.train.best.BestEpochConf;
import io.augflow.train.spark.TrainConf;
import io.augflow.train.spark.TrainingConf;
import io.augflow.train.tune.Distribution;
import io.augflow.train.tune.Parameter;
import io.augflow.train.tune.SearchSpace;
import io.augflow.train.tune.TrialConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The training configuration of a trial: the study's resolved {@code augflow} block with the trial's searched values,
 * its seed ({@link io.augflow.train.tune.TrialSeeds}) and the study's own settings on top: {@code train.workers} =
 * {@code tune.workers-per-trial}, {@code train.best-model.metric} = {@code tune.metric} (so {@code model.zip} is the
 * epoch the study ranks the trial by), {@code train.epochs} = {@code tune.halving.max-epochs} when set.
 */
public final class TrialTraining {
    private final Config root;
    private final TuneConf tune;

    /** @param root the study's resolved {@code augflow} block */
    public TrialTraining(Config root, TuneConf tune) {
        this.root = Objects.requireNonNull(root, "root");
        this.tune = Objects.requireNonNull(tune, "tune");
    }

    /** The trial's resolved {@code augflow} block. */
    public Config config(TrialConfig values, long seed) {
        return ConfigFactory.parseMap(overrides(values, seed, true), "tune trial").withFallback(root).resolve();
    }

    /** The trial's checked training configuration. */
    public TrainingConf conf(TrialConfig values, long seed) {
        return TrainingConf.from(config(values, seed));
    }

    /** The epochs the trial trains at most. */
    public int epochs(TrialConfig values) {
        return TrainConf.fromRoot(config(values, 0)).epochs();
    }

    /**
     * The trial as a configuration file usable with {@code --conf} ({@code best.conf}): the training blocks of its
     * resolved configuration, the searched values and its seed included; the study's cluster settings
     * ({@code workers-per-trial}) and the {@code tune}, {@code spark} blocks are left out.
     */
    public String asConfFile(TrialConfig values, long seed) {
        Config trial = ConfigFactory.parseMap(overrides(values, seed, false), "tune trial").withFallback(root)
                .resolve();
        Config kept = ConfigFactory.empty();
        for (String block : List.of("seed", "train", "model", "optimizer", "loss", "augment", "balance", "stats",
                "input")) {
            if (trial.hasPath(block)) {
                kept = kept.withValue(block, trial.getValue(block));
            }
        }
        return kept.atKey("augflow").root().render(ConfigRenderOptions.defaults().setOriginComments(false).setComments(false)
                .setJson(false));
    }

    /** Full keys without the {@code augflow.} prefix (paths in the root block) to their values. */
    private Map<String, Object> overrides(TrialConfig values, long seed, boolean cluster) {
        Map<String, Object> o = new LinkedHashMap<>();
        values.values().forEach((k, v) -> o.put(inRoot(k), v));
        o.put("seed", seed);
        if (cluster && tune.workersPerTrial() > 0) {
            o.put(TrainConf.PATH + ".workers", tune.workersPerTrial());
        }
        tune.metric().ifPresent(m -> o.put(TrainConf.PATH + "." + BestEpochConf.BEST_MODEL + ".metric", m.key()));
        if (tune.halving().maxEpochs() > 0 && tune.halves()) {
            o.put(TrainConf.PATH + ".epochs", tune.halving().maxEpochs());
        }
        return o;
    }

    private static String inRoot(String fullKey) {
        return fullKey.substring(SearchSpace.KEY_PREFIX.length());
    }

    /**
     * Checks the space against the training configuration before any trial runs: each parameter's values (every
     * choice; both ends of a range), one at a time and with its condition met, must make a valid training
     * configuration, so a misspelt key or a value out of its key's range stops the study at once.
     *
     * @param spaceName how messages call the space (its file)
     * @throws IllegalArgumentException naming the space, the key, the value and the training configuration's rule
     */
    public void check(SearchSpace space, String spaceName) {
        if (TrainConf.fromRoot(root).evaluateSplit().isBlank()) {
            throw new IllegalArgumentException("augflow.train.evaluate-split is empty, but a study ranks its trials by"
                    + " their validation metric: name the validation split (e.g. val)");
        }
        for (Parameter p : space.parameters()) {
            for (Object value : probes(p.distribution())) {
                Map<String, Object> values = new LinkedHashMap<>(p.when());
                values.put(p.key(), value);
                try {
                    Config trial = config(new TrialConfig(values), 0);
                    AugflowConf.check(trial);
                    TrainingConf.from(trial);
                } catch (IllegalArgumentException | com.typesafe.config.ConfigException e) {
                    throw new IllegalArgumentException(spaceName + ": " + p.key() + " = " + value + " is not a valid"
                            + " training configuration: " + e.getMessage(), e);
                }
            }
        }
    }

    private static List<Object> probes(Distribution d) {
        List<Object> out = new ArrayList<>();
        if (d instanceof Distribution.Choice c) {
            out.addAll(c.values());
        } else if (d instanceof Distribution.IntRange r) {
            out.add(r.a());
            out.add(r.b());
        } else if (d instanceof Distribution.Uniform u) {
            out.add(u.a());
            out.add(u.b());
        } else if (d instanceof Distribution.LogUniform l) {
            out.add(l.a());
            out.add(l.b());
        }
        return out;
    }
}
