package io.augflow.pipeline.plan;

import io.augflow.pipeline.stats.ClassStats;
import io.augflow.pipeline.stats.DatasetStats;
import io.augflow.pipeline.stats.DuplicateIds;
import io.augflow.pipeline.stats.QuarantineCounts;
import io.augflow.pipeline.stats.SizeBuckets;
import io.augflow.pipeline.stats.StatsConf;
import java.util.ArrayList;
import java.util.List;

/** Statistics built by hand, for planner tests that need no Spark. */
final class PlanFixtures {
    private PlanFixtures() {}

    /** Classification statistics: class c has {@code counts[c]} images (and as many primary images). */
    static DatasetStats classification(double beta, long... counts) {
        StatsConf conf = new StatsConf(1024, 9216, beta, List.of("train"));
        long total = 0;
        for (long n : counts) {
            total += n;
        }
        List<ClassStats> classes = new ArrayList<>();
        List<Integer> empty = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) {
            classes.add(new ClassStats(c, counts[c], counts[c], 0, (double) counts[c] / total, 0,
                    new SizeBuckets(0, 0, 0), 0, conf.effectiveNumber(counts[c])));
            if (counts[c] == 0) {
                empty.add(c);
            }
        }
        return new DatasetStats(conf, total, 0, 0, 0, new SizeBuckets(0, 0, 0), classes, 1.0, empty,
                new DuplicateIds(0, 0, List.of()), QuarantineCounts.absent());
    }

    /** Detection statistics over {@code images} images, class c in {@code imagesWithClass[c]} of them. */
    static DatasetStats detection(long images, long... imagesWithClass) {
        DatasetStats base = classification(0.999, imagesWithClass);
        return new DatasetStats(base.conf(), images, 0, 0, 0, base.sizes(), base.classes(), 1.0,
                base.emptyClasses(), base.duplicates(), base.ingest());
    }

    static PlanConf conf(BalanceStrategy strategy, BalanceTarget target, int maxRepeat) {
        return new PlanConf(strategy, target, maxRepeat, 0.001, 2, ClassWeighting.NONE, 42);
    }
}
