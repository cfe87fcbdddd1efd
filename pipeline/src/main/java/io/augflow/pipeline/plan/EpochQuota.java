package io.augflow.pipeline.plan;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The per-class cut of one epoch for a count strategy: a value of at most one {@link ClassQuota} per class,
 * computed by {@link EpochPlan#quota} and shipped to the executors with the plan. With it, each row's
 * repeat count is a pure function of (primary class, rank key, id), so class totals are exact without
 * moving rows.
 */
public final class EpochQuota implements Serializable {
    private static final EpochQuota NONE = new EpochQuota(-1, List.of());

    private final int epoch;
    private final Map<Integer, ClassQuota> byClass;

    public EpochQuota(int epoch, List<ClassQuota> quotas) {
        this.epoch = epoch;
        this.byClass = Map.copyOf(quotas.stream().collect(Collectors.toMap(ClassQuota::classId, Function.identity())));
    }

    /** The quota of strategies that need none. */
    public static EpochQuota none() {
        return NONE;
    }

    public int epoch() {
        return epoch;
    }

    public boolean isNone() {
        return this == NONE;
    }

    /** The quotas by class id, ascending. */
    public Map<Integer, ClassQuota> byClass() {
        return new TreeMap<>(byClass);
    }

    /** Uses of a row of {@code primaryClass}; 1 for a row of no class or of a class without a quota. */
    public int repeats(int primaryClass, long key, String id) {
        ClassQuota q = byClass.get(primaryClass);
        if (q == null) {
            return 1;
        }
        long extra = q.extra();
        boolean getsExtra = extra > 0 && RankOrder.compare(key, id, q.lastKey(), q.lastId()) <= 0;
        return Math.toIntExact(q.base() + (getsExtra ? 1 : 0));
    }
}
