package io.augflow.pipeline.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.augflow.augment.conf.ConfBlock;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code balance} block, typed and validated on the driver. Every key is optional:
 *
 * <pre>
 * balance {
 *   strategy            = none   # none | oversample | undersample | over-under | repeat-factor | small-object,
 *                                # or the list [repeat-factor, small-object] (both criteria at once)
 *   target              = max    # count strategies: max | min | sqrt | a count | { "&lt;class id&gt;" = count }
 *   max-repeat          = 10     # no row is used more than this many times in one epoch, [1, 1000]
 *   repeat-threshold    = 0.001  # repeat-factor: LVIS t, in (0, 1]
 *   small-object-repeat = 2      # small-object: k, uses of a row with a small object, [1, max-repeat]
 *   class-weights       = none   # none | inverse-frequency | effective-number
 *   start-epoch         = 0      # deferred re-sampling: the epochs before this one (0-based) sample plainly
 * }
 * </pre>
 *
 * <p>A list combines a class criterion with the small-object one: {@code [repeat-factor, small-object]} (in
 * either order; a single-element list is that strategy alone). A row's factor is then the <em>larger</em> of its
 * LVIS class factor and its small-object factor, never their product: as LVIS takes the max over an image's
 * categories (one extra use of the image serves all of its rare classes at once), one extra use serves its rare
 * class and its small objects at once. The max keeps each criterion's own guarantee (a rare class still gets at
 * least {@code r(c)} uses per image, a small-object image at least {@code small-object-repeat}) without
 * compounding them on images that are both, which in detection data are often the same images. It needs no
 * cap of its own: both factors are already at most {@code max-repeat}. The count strategies (oversample,
 * undersample, over-under) make class totals exact and combine with nothing: a second factor would break that.
 *
 * <p>Which rows get the extra repeats is drawn from the run's {@code augflow.seed} with the epoch and the row id
 * (the former {@code balance.seed} is refused). Class weights are independent of the strategy: use them
 * instead of resampling ({@code strategy = none})
 * or beside it.
 */
public record PlanConf(
        @JsonProperty("strategy") BalanceStrategy strategy,
        @JsonProperty("combinedWithSmallObject") boolean combinedWithSmallObject,
        @JsonProperty("target") BalanceTarget target,
        @JsonProperty("maxRepeat") int maxRepeat,
        @JsonProperty("repeatThreshold") double repeatThreshold,
        @JsonProperty("smallObjectRepeat") int smallObjectRepeat,
        @JsonProperty("classWeights") ClassWeighting classWeights,
        @JsonProperty("seed") long seed,
        @JsonProperty("startEpoch") int startEpoch) implements Serializable {

    /** Key: the {@link BalanceStrategy}; default none. */
    public static final String STRATEGY = "strategy";
    /** Key: the {@link BalanceTarget} of count strategies; default max. */
    public static final String TARGET = "target";
    /** Key: the most times one row is used in one epoch; default 10. */
    public static final String MAX_REPEAT = "max-repeat";
    /** Key: LVIS repeat-factor threshold t; default 0.001. */
    public static final String REPEAT_THRESHOLD = "repeat-threshold";
    /** Key: how many times a row with a small object is used (small-object strategy); default 2. */
    public static final String SMALL_OBJECT_REPEAT = "small-object-repeat";
    /** Key: the {@link ClassWeighting} exported for the loss; default none. */
    public static final String CLASS_WEIGHTS = "class-weights";
    /**
     * Key: deferred re-sampling (Cao et al. 2019's DRS): the first epoch, 0-based as {@code history.json} numbers
     * them, that samples by the plan; the epochs before it use every row once. Default 0 (the plan from the start).
     */
    public static final String START_EPOCH = "start-epoch";
    /** The former key {@code balance.seed}, refused: the per-epoch draws use {@code augflow.seed}. */
    public static final String SEED = "seed";

    public static final int DEFAULT_MAX_REPEAT = 10;
    public static final int MAX_MAX_REPEAT = 1000;
    public static final double DEFAULT_REPEAT_THRESHOLD = 0.001;
    public static final int DEFAULT_SMALL_OBJECT_REPEAT = 2;
    public static final long DEFAULT_SEED = ConfBlock.DEFAULT_SEED;

    private static final String BLOCK = ConfBlock.ROOT + ".balance.";
    private static final List<String> KEYS =
            List.of(STRATEGY, TARGET, MAX_REPEAT, REPEAT_THRESHOLD, SMALL_OBJECT_REPEAT, CLASS_WEIGHTS, START_EPOCH);

    public PlanConf {
        Objects.requireNonNull(strategy, "strategy");
        if (combinedWithSmallObject && strategy != BalanceStrategy.REPEAT_FACTOR) {
            throw new IllegalArgumentException(BLOCK + STRATEGY + " combines " + BalanceStrategy.SMALL_OBJECT.key()
                    + " only with " + BalanceStrategy.REPEAT_FACTOR.key() + ", got [" + strategy.key() + ", "
                    + BalanceStrategy.SMALL_OBJECT.key() + "]");
        }
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(classWeights, "classWeights");
        if (maxRepeat < 1 || maxRepeat > MAX_MAX_REPEAT) {
            throw new IllegalArgumentException(BLOCK + MAX_REPEAT + " must be an integer in [1, " + MAX_MAX_REPEAT
                    + "], got " + maxRepeat);
        }
        if (!(repeatThreshold > 0 && repeatThreshold <= 1)) {
            throw new IllegalArgumentException(BLOCK + REPEAT_THRESHOLD + " must be in (0, 1], got " + repeatThreshold);
        }
        if (smallObjectRepeat < 1 || smallObjectRepeat > maxRepeat) {
            throw new IllegalArgumentException(BLOCK + SMALL_OBJECT_REPEAT + " must be an integer in [1, "
                    + BLOCK + MAX_REPEAT + " = " + maxRepeat + "], got " + smallObjectRepeat);
        }
        if (startEpoch < 0) {
            throw new IllegalArgumentException(BLOCK + START_EPOCH + " must be a whole number >= 0, got " + startEpoch);
        }
    }

    /** A plan from the first epoch on ({@code start-epoch = 0}). */
    public PlanConf(BalanceStrategy strategy, boolean combinedWithSmallObject, BalanceTarget target, int maxRepeat,
            double repeatThreshold, int smallObjectRepeat, ClassWeighting classWeights, long seed) {
        this(strategy, combinedWithSmallObject, target, maxRepeat, repeatThreshold, smallObjectRepeat, classWeights,
                seed, 0);
    }

    /** Whether {@code epoch} (0-based) samples by the plan, or plainly because it comes before {@code start-epoch}. */
    public boolean balances(int epoch) {
        return epoch >= startEpoch;
    }

    /** A single strategy, as before lists: {@code combinedWithSmallObject = false}. */
    public PlanConf(BalanceStrategy strategy, BalanceTarget target, int maxRepeat, double repeatThreshold,
            int smallObjectRepeat, ClassWeighting classWeights, long seed) {
        this(strategy, false, target, maxRepeat, repeatThreshold, smallObjectRepeat, classWeights, seed);
    }

    /** The criteria in force, as configured: one strategy, or {@code [repeat-factor, small-object]}. */
    public List<BalanceStrategy> strategies() {
        return combinedWithSmallObject ? List.of(strategy, BalanceStrategy.SMALL_OBJECT) : List.of(strategy);
    }

    /** The strategy as the configuration names it: {@code small-object} or {@code [repeat-factor, small-object]}. */
    public String strategyKey() {
        return BalanceStrategy.keyOf(strategies());
    }

    public static PlanConf defaults() {
        return new PlanConf(BalanceStrategy.NONE, new BalanceTarget.Largest(), DEFAULT_MAX_REPEAT,
                DEFAULT_REPEAT_THRESHOLD, DEFAULT_SMALL_OBJECT_REPEAT, ClassWeighting.NONE, DEFAULT_SEED);
    }

    /** Reads {@code balance} from a whole configuration, with the root's {@code seed}; absent means defaults. */
    public static PlanConf fromRoot(Config root) {
        return from(root.hasPath("balance") ? root.getConfig("balance") : com.typesafe.config.ConfigFactory.empty(),
                ConfBlock.rootSeed(root));
    }

    /** Reads the {@code balance} block (the block itself) with the default seed 42 (tests; jobs use fromRoot). */
    public static PlanConf from(Config balance) {
        return from(balance, DEFAULT_SEED);
    }

    /** Reads the {@code balance} block (the block itself) with the run's seed; absent keys take their defaults. */
    public static PlanConf from(Config balance, long seed) {
        ConfBlock b = ConfBlock.under(balance, "balance");
        b.refuseGone(SEED, ConfBlock.SEED_GONE);
        b.rejectUnknown(KEYS);
        List<BalanceStrategy> strategies = b.has(STRATEGY)
                ? strategies(b.key(STRATEGY), balance.getValue(STRATEGY)) : List.of(BalanceStrategy.NONE);
        boolean combined = strategies.size() == 2;
        return new PlanConf(
                combined ? BalanceStrategy.REPEAT_FACTOR : strategies.get(0),
                combined,
                b.has(TARGET) ? BalanceTarget.parse(b.key(TARGET), balance.getValue(TARGET)) : new BalanceTarget.Largest(),
                intKey(b, MAX_REPEAT, DEFAULT_MAX_REPEAT, MAX_MAX_REPEAT),
                b.number(REPEAT_THRESHOLD, DEFAULT_REPEAT_THRESHOLD),
                intKey(b, SMALL_OBJECT_REPEAT, DEFAULT_SMALL_OBJECT_REPEAT, Integer.MAX_VALUE),
                b.has(CLASS_WEIGHTS)
                        ? ClassWeighting.parse(b.key(CLASS_WEIGHTS), b.string(CLASS_WEIGHTS, null)) : ClassWeighting.NONE,
                seed,
                startEpoch(b));
    }

    /**
     * {@code balance.strategy}: a name, a list of names, or (from {@code --set} and system properties, which
     * give strings) names separated by commas. A list holds one strategy, or {@code repeat-factor} and
     * {@code small-object}; it comes back as one strategy or as exactly those two.
     */
    static List<BalanceStrategy> strategies(String key, ConfigValue value) {
        String shown = value.render(ConfigRenderOptions.concise());
        List<String> names = new ArrayList<>();
        if (value.valueType() == ConfigValueType.LIST) {
            for (ConfigValue element : (ConfigList) value) {
                if (element.valueType() != ConfigValueType.STRING) {
                    throw new IllegalArgumentException(key + " must be a strategy name or a list of them, got "
                            + shown);
                }
                names.add(((String) element.unwrapped()).trim());
            }
        } else if (value.valueType() != ConfigValueType.OBJECT && value.valueType() != ConfigValueType.NULL) {
            // a number or a boolean is a wrong name, reported as one (as before lists)
            for (String name : String.valueOf(value.unwrapped()).split(",", -1)) {
                names.add(name.trim());
            }
        } else {
            throw new IllegalArgumentException(key + " must be a strategy name or a list of them, got " + shown);
        }
        Set<BalanceStrategy> parsed = new LinkedHashSet<>();
        for (String name : names) {
            BalanceStrategy s = BalanceStrategy.parse(key, name);
            if (!parsed.add(s)) {
                throw new IllegalArgumentException(key + " names " + s.key() + " twice, got " + shown);
            }
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException(key + " must name at least one strategy, got " + shown);
        }
        if (parsed.size() == 1) {
            return List.copyOf(parsed);
        }
        if (parsed.size() == 2 && parsed.contains(BalanceStrategy.REPEAT_FACTOR)
                && parsed.contains(BalanceStrategy.SMALL_OBJECT)) {
            return List.of(BalanceStrategy.REPEAT_FACTOR, BalanceStrategy.SMALL_OBJECT);
        }
        throw new IllegalArgumentException(key + " may combine only " + BalanceStrategy.REPEAT_FACTOR.key() + " and "
                + BalanceStrategy.SMALL_OBJECT.key() + " (oversample, undersample and over-under make class totals"
                + " exact, which a second factor would break), got " + shown);
    }

    /**
     * The value's number, also when it is a string that holds one: values from {@code --set KEY=VALUE}, JVM system
     * properties and {@code ${?ENV}} substitutions always arrive as strings, and Typesafe Config's own getters
     * convert them the same way. Anything else is returned unwrapped, for the caller's error message.
     */
    static Object numeric(ConfigValue v) {
        Object raw = v.unwrapped();
        if (raw instanceof String text) {
            String t = text.trim();
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException notLong) {
                try {
                    return Double.parseDouble(t);
                } catch (NumberFormatException notNumber) {
                    return raw;
                }
            }
        }
        return raw;
    }

    private static int startEpoch(ConfBlock b) {
        long value = b.longInteger(START_EPOCH, 0);
        b.check(value >= 0 && value <= Integer.MAX_VALUE, START_EPOCH, value, "a whole number >= 0");
        return (int) value;
    }

    /** An int key; values outside the int range are reported against the key's own range. */
    private static int intKey(ConfBlock b, String key, int defaultValue, long max) {
        long value = b.longInteger(key, defaultValue);
        b.check(value >= 1 && value <= max, key, value, "an integer in [1, " + max + "]");
        return (int) value;
    }
}
