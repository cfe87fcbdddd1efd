package io.augflow.jobs.tune;

import com.typesafe.config.Config;
import io.augflow.augment.conf.ConfBlock;
import io.augflow.train.best.SelectionMetric;
import io.augflow.train.tune.AshaRule;
import io.augflow.train.tune.Goal;
import io.augflow.train.tune.GridStrategy;
import io.augflow.train.tune.RandomStrategy;
import io.augflow.train.tune.SearchSpace;
import io.augflow.train.tune.SearchStrategy;
import io.augflow.train.tune.TpeStrategy;
import io.augflow.train.tune.TpeSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code tune} block: how a study searches, how many trials it runs and how many at once. The command's options
 * ({@code --strategy}, {@code --trials}, {@code --parallel}, {@code --seed}) override these keys.
 *
 * <pre>
 * tune {
 *   strategy = random          # grid | random | tpe | halving (random configurations, stopped at rungs by ASHA)
 *   trials = 20                # trials in the study, failed ones included, >= 1
 *   parallel = 2               # trials training at once, each in its own FAIR pool, >= 1
 *   # seed = 42                # the study's seed; unset: augflow.seed
 *   epoch-budget = 0           # no new trial once the trials' epochs (trained + still planned) reach it; 0 = none
 *   metric = auto              # auto (train.best-model.metric) | macro-f1 | accuracy | balanced-accuracy | ap | ap50
 *   trial-timeout = 0          # a trial running longer fails ("2 hours"); 0 = no limit
 *   workers-per-trial = 0      # train.workers of each trial; 0 = train.workers
 *   grid { points = 3 }        # values per range of a grid
 *   tpe { gamma = 0.1, startup-trials = 10, candidates = 24 }
 *   halving { min-epochs = 1, reduction-factor = 3, max-epochs = 0 }   # max-epochs 0 = train.epochs
 * }
 * </pre>
 *
 * @param metric the validation metric trials are ranked by; empty for {@code auto} (each trial's
 *               {@code train.best-model.metric}, resolved for its task)
 */
public record TuneConf(Strategy strategy, int trials, int parallel, long seed, int epochBudget,
        Optional<SelectionMetric> metric, Duration trialTimeout, int workersPerTrial, int gridPoints, TpeSettings tpe,
        Halving halving) {

    public static final String PATH = "tune";
    public static final String STRATEGY_KEY = "augflow.tune.strategy";
    public static final String TRIALS_KEY = "augflow.tune.trials";
    public static final String PARALLEL_KEY = "augflow.tune.parallel";
    public static final String SEED_KEY = "augflow.tune.seed";
    public static final String METRIC_KEY = "augflow.tune.metric";
    private static final List<String> KEYS = List.of("strategy", "trials", "parallel", "seed", "epoch-budget", "metric",
            "trial-timeout", "workers-per-trial", "grid", "tpe", "halving");

    /** How configurations are proposed, and whether trials are stopped at rungs. */
    public enum Strategy {
        GRID, RANDOM, TPE, HALVING;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Strategy fromKey(String key, String what) {
            for (Strategy s : values()) {
                if (s.key().equals(key)) {
                    return s;
                }
            }
            throw new IllegalArgumentException(what + " must be one of "
                    + Arrays.stream(values()).map(Strategy::key).toList() + ", got '" + key + "'");
        }
    }

    /**
     * Successive halving's rungs ({@link AshaRule}).
     *
     * @param maxEpochs each trial's epochs; 0 keeps {@code train.epochs}
     */
    public record Halving(int minEpochs, int reductionFactor, int maxEpochs) {}

    public TuneConf {
        if (trials < 1) {
            throw new IllegalArgumentException(TRIALS_KEY + " must be >= 1, got " + trials);
        }
        if (parallel < 1) {
            throw new IllegalArgumentException(PARALLEL_KEY + " must be >= 1, got " + parallel);
        }
    }

    /** Reads the {@code tune} block of the resolved {@code augflow} block {@code root}. */
    public static TuneConf fromRoot(Config root) {
        ConfBlock b = ConfBlock.of(root, PATH);
        b.rejectUnknown(KEYS);
        Strategy strategy = Strategy.fromKey(b.string("strategy", "random"), b.key("strategy"));
        int trials = b.integer("trials", 20);
        b.check(trials >= 1, "trials", trials, ">= 1");
        int parallel = b.integer("parallel", 2);
        b.check(parallel >= 1, "parallel", parallel, ">= 1");
        long seed = b.longInteger("seed", ConfBlock.rootSeed(root));
        int budget = b.integer("epoch-budget", 0);
        b.check(budget >= 0, "epoch-budget", budget, ">= 0 (0 = no budget)");
        String metricKey = b.string("metric", SelectionMetric.AUTO.key());
        SelectionMetric metric = SelectionMetric.fromKey(metricKey, b.key("metric"));
        Duration timeout = b.duration("trial-timeout", Duration.ZERO);
        b.check(!timeout.isNegative(), "trial-timeout", timeout, "a duration >= 0 (0 = no limit)");
        int workers = b.integer("workers-per-trial", 0);
        b.check(workers >= 0, "workers-per-trial", workers, ">= 0 (0 = augflow.train.workers)");

        ConfBlock grid = b.child("grid");
        grid.rejectUnknown(List.of("points"));
        int points = grid.integer("points", 3);
        grid.check(points >= 1, "points", points, ">= 1");

        ConfBlock tpe = b.child("tpe");
        tpe.rejectUnknown(List.of("gamma", "startup-trials", "candidates"));
        TpeSettings d = TpeSettings.DEFAULTS;
        TpeSettings tpeSettings = new TpeSettings(tpe.number("gamma", d.gamma()),
                tpe.integer("startup-trials", d.startupTrials()), tpe.integer("candidates", d.candidates()));

        ConfBlock halving = b.child("halving");
        halving.rejectUnknown(List.of("min-epochs", "reduction-factor", "max-epochs"));
        int min = halving.integer("min-epochs", 1);
        halving.check(min >= 1, "min-epochs", min, ">= 1");
        int eta = halving.integer("reduction-factor", 3);
        halving.check(eta >= 2, "reduction-factor", eta, ">= 2");
        int max = halving.integer("max-epochs", 0);
        halving.check(max == 0 || max >= min, "max-epochs", max, "0 (= augflow.train.epochs) or >= "
                + AshaRule.MIN_KEY + " = " + min);
        return new TuneConf(strategy, trials, parallel, seed, budget,
                metric == SelectionMetric.AUTO ? Optional.empty() : Optional.of(metric), timeout, workers, points,
                tpeSettings, new Halving(min, eta, max));
    }

    /**
     * The strategy proposing configurations over {@code space}: successive halving draws them at random and stops
     * trials at rungs.
     */
    public SearchStrategy searchStrategy(SearchSpace space) {
        return switch (strategy) {
            case GRID -> new GridStrategy(space, gridPoints);
            case RANDOM, HALVING -> new RandomStrategy(space, seed);
            case TPE -> new TpeStrategy(space, Goal.MAXIMIZE, seed, tpe);
        };
    }

    /** Whether trials are stopped at rungs. */
    public boolean halves() {
        return strategy == Strategy.HALVING;
    }

    /** The metric's name for outputs: its key, or {@code auto}. */
    public String metricName() {
        return metric.map(SelectionMetric::key).orElse(SelectionMetric.AUTO.key());
    }
}
