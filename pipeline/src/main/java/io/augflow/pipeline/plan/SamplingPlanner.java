package io.augflow.pipeline.plan;

import io.augflow.pipeline.stats.ClassStats;
import io.augflow.pipeline.stats.DatasetStats;
import java.util.ArrayList;
import java.util.List;

/**
 * Fits a {@link SamplingPlan} from statistics and the {@code balance} configuration, on the driver, from
 * per-class numbers only.
 *
 * <p>Count strategies, with {@code n_c} the rows whose primary class is c and {@code R} = max-repeat:
 * the target form gives {@code requested_c} ({@link BalanceTarget}); then
 * oversample: {@code T_c = min(max(n_c, requested_c), R * n_c)};
 * undersample: {@code T_c = min(n_c, requested_c)};
 * over-under: {@code T_c = min(requested_c, R * n_c)}. A class with no row gets 0: nothing can be
 * repeated into existence.
 *
 * <p>Repeat-factor (Gupta et al. 2019, LVIS): {@code f(c) = images containing c / all images},
 * {@code r(c) = min(R, max(1, sqrt(t / f(c))))}; combined with small-object ({@code [repeat-factor, small-object]})
 * the class factors are the same and {@link SamplingPlan} takes a row's max with {@code small-object-repeat}.
 */
public final class SamplingPlanner {
    private SamplingPlanner() {}

    public static SamplingPlan fit(DatasetStats stats, PlanConf conf) {
        List<ClassPlan> classes = new ArrayList<>();
        long largest = 0;
        long smallest = Long.MAX_VALUE;
        long total = 0;
        double sqrtSum = 0;
        for (ClassStats c : stats.classes()) {
            long n = c.primaryImages();
            largest = Math.max(largest, n);
            if (n > 0) {
                smallest = Math.min(smallest, n);
            }
            total += n;
            sqrtSum += Math.sqrt(n);
        }
        for (ClassStats c : stats.classes()) {
            long n = c.primaryImages();
            ClassPlan plan;
            if (conf.strategy().exact()) {
                long requested = requested(conf, c.classId(), n, largest, smallest, total, sqrtSum);
                long target = target(conf, n, requested);
                plan = new ClassPlan(c.classId(), c.images(), n, requested, target, n == 0 ? 0 : (double) target / n);
            } else if (conf.strategy() == BalanceStrategy.REPEAT_FACTOR) {
                plan = new ClassPlan(c.classId(), c.images(), n, n, n, lvisFactor(c.images(), stats.images(), conf));
            } else {
                plan = new ClassPlan(c.classId(), c.images(), n, n, n, 1.0);
            }
            classes.add(plan);
        }
        return new SamplingPlan(conf.strategy(), conf.combinedWithSmallObject(), conf.seed(), conf.maxRepeat(), conf.smallObjectRepeat(),
                stats.conf().smallArea(), classes);
    }

    /** LVIS {@code r(c) = max(1, sqrt(t / f(c)))}, capped at max-repeat; 1 for a class with no image. */
    static double lvisFactor(long imagesWithClass, long allImages, PlanConf conf) {
        if (imagesWithClass == 0 || allImages == 0) {
            return 1.0;
        }
        double f = (double) imagesWithClass / allImages;
        return Math.min(conf.maxRepeat(), Math.max(1.0, Math.sqrt(conf.repeatThreshold() / f)));
    }

    private static long requested(PlanConf conf, int classId, long n, long largest, long smallest, long total,
            double sqrtSum) {
        BalanceTarget t = conf.target();
        if (t instanceof BalanceTarget.Largest) {
            return largest;
        }
        if (t instanceof BalanceTarget.Smallest) {
            return smallest == Long.MAX_VALUE ? 0 : smallest;
        }
        if (t instanceof BalanceTarget.Uniform u) {
            return u.count();
        }
        if (t instanceof BalanceTarget.PerClass p) {
            return p.counts().getOrDefault(classId, n);
        }
        double scale = switch (conf.strategy()) {
            case OVERSAMPLE -> Math.sqrt(largest);
            case UNDERSAMPLE -> smallest == Long.MAX_VALUE ? 0 : Math.sqrt(smallest);
            default -> sqrtSum == 0 ? 0 : total / sqrtSum;
        };
        return Math.round(scale * Math.sqrt(n));
    }

    private static long target(PlanConf conf, long n, long requested) {
        long cap = n * conf.maxRepeat();
        return switch (conf.strategy()) {
            case OVERSAMPLE -> Math.min(Math.max(n, requested), cap);
            case UNDERSAMPLE -> Math.min(n, requested);
            default -> Math.min(requested, cap);
        };
    }
}
