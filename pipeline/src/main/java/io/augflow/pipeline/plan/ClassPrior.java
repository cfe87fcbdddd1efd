package io.augflow.pipeline.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.augflow.pipeline.stats.DatasetStats;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The class counts a network is trained on in one epoch, what the long-tail losses (their log prior, margins and
 * class-balanced weights) and post-hoc logit adjustment take as the training prior: the expected samples per class
 * of an epoch under {@code plan} ({@link ExpectedEpoch#rowsOfPrimary}), rounded to whole samples. Under
 * {@code strategy = none} that is the train split's images per class (a single-label row's primary class is its
 * label); under oversampling it is the plan's targets, what the network actually sees, not the raw split counts.
 *
 * @param counts expected samples per class in an epoch, index = class id (0 for a class with none)
 * @param source where the counts come from, in words: {@code train split} or {@code balancing plan <strategy>}
 */
public record ClassPrior(@JsonProperty("counts") List<Long> counts, @JsonProperty("source") String source)
        implements Serializable {

    public ClassPrior {
        counts = List.copyOf(counts);
    }

    /** The prior of an epoch sampled by {@code plan} over the rows {@code stats} describes, for {@code classes}. */
    public static ClassPrior of(DatasetStats stats, SamplingPlan plan, int classes) {
        ExpectedEpoch epoch = ExpectedEpoch.of(plan, stats);
        List<Long> counts = new ArrayList<>(classes);
        for (int c = 0; c < classes; c++) {
            counts.add(Math.round(epoch.rowsOfPrimary(c)));
        }
        return new ClassPrior(counts, plan.strategy() == BalanceStrategy.NONE ? "train split"
                : "balancing plan " + plan.strategyKey());
    }

    public long[] toArray() {
        return counts.stream().mapToLong(Long::longValue).toArray();
    }
}
