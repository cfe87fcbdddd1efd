package io.augflow.pipeline.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.augflow.augment.random.RandomStreams;
import io.augflow.pipeline.stats.ImageClasses;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A fitted, immutable sampling plan: per-class targets or repeat factors only, small enough to ship to
 * every executor in a closure. For one epoch it says how many times each row is used:
 *
 * <ul>
 *   <li>{@code none}: 1.</li>
 *   <li>{@code oversample}, {@code undersample}, {@code over-under}: exact per class. A row's class is its
 *       primary (rarest) class ({@link ImageClasses#primary}); the {@code n} rows of class c with target
 *       {@code T} get {@code floor(T / n)} uses each, plus one for exactly {@code T mod n} of them, those
 *       that rank first by a hash of (seed, epoch, id). Which rows get the extra use changes every epoch;
 *       the totals never do. Needs the epoch's {@link EpochQuota}. Rows of no class are used once.</li>
 *   <li>{@code repeat-factor} (LVIS): {@code r(I) = max over the image's classes of r(c)}, with
 *       {@code r(c) = min(max-repeat, max(1, sqrt(t / f(c))))} and {@code f(c)} the fraction of images
 *       containing c; used {@code floor(r) + 1} times with probability {@code r - floor(r)} and
 *       {@code floor(r)} times otherwise, the draw keyed by (seed, epoch, id).</li>
 *   <li>{@code small-object}: {@code small-object-repeat} when the row has a box smaller than
 *       {@code smallArea} (crowd regions aside), else 1.</li>
 *   <li>{@code [repeat-factor, small-object]}: {@code r(I) = max(r_class(I), k)} for a row with a small object
 *       ({@code k} = small-object-repeat), {@code r_class(I)} otherwise, stochastically rounded as above with the
 *       same draw. Why the max and not the product: see {@link PlanConf}. Both factors are at most
 *       {@code max-repeat}, so their max is too.</li>
 * </ul>
 *
 * Repeated rows are distinct augmentation draws: {@link EpochPlan} numbers them 0..k-1 and the sample's
 * random stream is keyed by that repeat index. Counts of repeated rows are deterministic for (seed, epoch).
 */
public final class SamplingPlan implements Serializable {
    /** Salt that keeps the plan's draws apart from augmentation streams built from the same seed. */
    private static final long PLAN_SALT = 0x5A4D504C414E0001L;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final BalanceStrategy strategy;
    private final boolean combinedWithSmallObject;
    private final long seed;
    private final int maxRepeat;
    private final int smallObjectRepeat;
    private final double smallArea;
    private final List<ClassPlan> classes;
    private final Map<Integer, ClassPlan> byClass;
    private final Map<Integer, Long> imagesByClass;

    /** A plan of one strategy ({@code combinedWithSmallObject = false}). */
    public SamplingPlan(BalanceStrategy strategy, long seed, int maxRepeat, int smallObjectRepeat, double smallArea,
            List<ClassPlan> classes) {
        this(strategy, false, seed, maxRepeat, smallObjectRepeat, smallArea, classes);
    }

    /**
     * @param combinedWithSmallObject {@code strategy} (then repeat-factor) combined with small-object, the max of
     *        the two factors
     */
    public SamplingPlan(BalanceStrategy strategy, boolean combinedWithSmallObject, long seed, int maxRepeat,
            int smallObjectRepeat, double smallArea, List<ClassPlan> classes) {
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        if (combinedWithSmallObject && strategy != BalanceStrategy.REPEAT_FACTOR) {
            throw new IllegalArgumentException("only repeat-factor combines with small-object, got " + strategy.key());
        }
        this.combinedWithSmallObject = combinedWithSmallObject;
        this.seed = seed;
        this.maxRepeat = maxRepeat;
        this.smallObjectRepeat = smallObjectRepeat;
        this.smallArea = smallArea;
        this.classes = List.copyOf(classes);
        this.byClass = Map.copyOf(this.classes.stream().collect(Collectors.toMap(ClassPlan::classId, Function.identity())));
        this.imagesByClass = Map.copyOf(this.classes.stream().collect(Collectors.toMap(ClassPlan::classId, ClassPlan::images)));
    }

    @JsonProperty("strategy")
    public BalanceStrategy strategy() {
        return strategy;
    }

    /** True for {@code [repeat-factor, small-object]}: a row's factor is the max of the two. */
    @JsonProperty("combinedWithSmallObject")
    public boolean combinedWithSmallObject() {
        return combinedWithSmallObject;
    }

    /** The strategy as the configuration names it: {@code small-object} or {@code [repeat-factor, small-object]}. */
    public String strategyKey() {
        return BalanceStrategy.keyOf(combinedWithSmallObject
                ? List.of(strategy, BalanceStrategy.SMALL_OBJECT) : List.of(strategy));
    }

    @JsonProperty("seed")
    public long seed() {
        return seed;
    }

    @JsonProperty("maxRepeat")
    public int maxRepeat() {
        return maxRepeat;
    }

    @JsonProperty("smallObjectRepeat")
    public int smallObjectRepeat() {
        return smallObjectRepeat;
    }

    /** Box area below which an object is small (from the statistics the plan was fitted on). */
    @JsonProperty("smallArea")
    public double smallArea() {
        return smallArea;
    }

    /** Per-class plans, ascending class id. */
    @JsonProperty("classes")
    public List<ClassPlan> classes() {
        return classes;
    }

    public ClassPlan classPlan(int classId) {
        ClassPlan p = byClass.get(classId);
        if (p == null) {
            throw new IllegalArgumentException("the plan has no class " + classId + "; it has " + new TreeMap<>(byClass).keySet());
        }
        return p;
    }

    /** The class that makes a row's count exact: the rarest of its classes, {@link ImageClasses#NONE} for none. */
    public int primaryClass(int[] classesOfRow) {
        return ImageClasses.primary(classesOfRow, imagesByClass);
    }

    /** The key that ranks a class's rows in an epoch (ascending: first to get an extra use, first to be kept). */
    public long rankKey(String id, int epoch) {
        return stream(id, epoch).nextLong();
    }

    /**
     * Rows of class c in an epoch where the class has {@code rowsNow} rows: the fitted target, never more
     * than {@code max-repeat} uses per row (and never more than {@code rowsNow} when undersampling); a class
     * the plan does not know keeps its rows. Only meaningful for count strategies.
     */
    public long targetFor(int classId, long rowsNow) {
        ClassPlan p = byClass.get(classId);
        long target = p == null ? rowsNow : p.target();
        long cap = strategy == BalanceStrategy.UNDERSAMPLE ? rowsNow : rowsNow * maxRepeat;
        return Math.min(target, cap);
    }

    /** Uses of a row in {@code epoch}, for strategies that need no {@link EpochQuota}. */
    public int repeats(String id, int[] classesOfRow, boolean hasSmallObject, int epoch) {
        if (strategy.exact()) {
            throw new IllegalStateException("strategy " + strategy.key() + " gives exact class totals and needs the"
                    + " epoch's quota: use repeats(..., EpochQuota) or EpochPlan.expand");
        }
        return repeats(id, classesOfRow, hasSmallObject, epoch, EpochQuota.none());
    }

    /** Uses of a row in {@code epoch}; {@code quota} is that epoch's {@link EpochQuota} for count strategies. */
    public int repeats(String id, int[] classesOfRow, boolean hasSmallObject, int epoch, EpochQuota quota) {
        switch (strategy) {
            case NONE:
                return 1;
            case SMALL_OBJECT:
                return hasSmallObject ? smallObjectRepeat : 1;
            case REPEAT_FACTOR:
                return stochasticRound(rowRepeatFactor(classesOfRow, hasSmallObject), stream(id, epoch).nextDouble());
            default:
                if (quota.isNone() || quota.epoch() != epoch) {
                    throw new IllegalArgumentException("strategy " + strategy.key() + " needs the quota of epoch "
                            + epoch + ", got " + (quota.isNone() ? "none" : "epoch " + quota.epoch()));
                }
                int primary = primaryClass(classesOfRow);
                return primary == ImageClasses.NONE ? 1 : quota.repeats(primary, rankKey(id, epoch), id);
        }
    }

    /** LVIS image-level repeat factor: the largest {@code r(c)} of its classes, 1 for none. */
    public double imageRepeatFactor(int[] classesOfRow) {
        double r = 1.0;
        for (int c : classesOfRow) {
            ClassPlan p = byClass.get(c);
            if (p != null) {
                r = Math.max(r, p.repeatFactor());
            }
        }
        return r;
    }

    /**
     * The expected uses of a row under a strategy that needs no quota: {@link #imageRepeatFactor} for
     * repeat-factor, raised to {@code small-object-repeat} for a row with a small object when combined with
     * small-object; {@code small-object-repeat} or 1 for small-object; 1 for none.
     */
    public double rowRepeatFactor(int[] classesOfRow, boolean hasSmallObject) {
        return switch (strategy) {
            case NONE -> 1.0;
            case SMALL_OBJECT -> hasSmallObject ? smallObjectRepeat : 1.0;
            case REPEAT_FACTOR -> {
                double r = imageRepeatFactor(classesOfRow);
                yield combinedWithSmallObject && hasSmallObject ? Math.max(r, smallObjectRepeat) : r;
            }
            default -> throw new IllegalStateException("strategy " + strategy.key() + " has exact class totals, not a"
                    + " per-row factor");
        };
    }

    static int stochasticRound(double r, double uniform) {
        double floor = Math.floor(r);
        return (int) floor + (uniform < r - floor ? 1 : 0);
    }

    private SplittableRandom stream(String id, int epoch) {
        return RandomStreams.forSample(seed ^ PLAN_SALT, epoch, id, 0);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("sampling plan does not serialise", e);
        }
    }

    @Override
    public String toString() {
        return "SamplingPlan[" + strategyKey() + ", seed=" + seed + ", " + classes.size() + " classes]";
    }
}
