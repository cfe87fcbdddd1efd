package io.augflow.pipeline.plan;

import io.augflow.pipeline.stats.DatasetStats;
import java.io.Serializable;
import java.util.Objects;

/**
 * The sampling of every epoch of a run, with deferred re-sampling ({@code balance.start-epoch}): the epochs before
 * {@code startEpoch} (0-based) use every row once, the later ones sample by the fitted plan. Also the class prior of
 * each epoch ({@link ClassPrior}), since what the network sees changes with the plan.
 *
 * @param balanced the fitted plan
 * @param plain    the plan of strategy none, for the epochs before {@code startEpoch}
 */
public record SamplingSchedule(SamplingPlan balanced, SamplingPlan plain, int startEpoch, ClassPrior balancedPrior,
        ClassPrior plainPrior) implements Serializable {

    public SamplingSchedule {
        Objects.requireNonNull(balanced, "balanced");
        Objects.requireNonNull(plain, "plain");
        if (startEpoch < 0) {
            throw new IllegalArgumentException("startEpoch must be >= 0, got " + startEpoch);
        }
    }

    /** Fits the plan {@code conf} asks for and the plain one, over {@code classes} classes. */
    public static SamplingSchedule fit(DatasetStats stats, PlanConf conf, int classes) {
        SamplingPlan balanced = SamplingPlanner.fit(stats, conf);
        SamplingPlan plain = SamplingPlanner.fit(stats, PlanConf.defaults());
        return new SamplingSchedule(balanced, plain, conf.startEpoch(), ClassPrior.of(stats, balanced, classes),
                ClassPrior.of(stats, plain, classes));
    }

    /** Whether {@code epoch} samples by the fitted plan. */
    public boolean balances(int epoch) {
        return epoch >= startEpoch;
    }

    /** The plan of {@code epoch}. */
    public SamplingPlan forEpoch(int epoch) {
        return balances(epoch) ? balanced : plain;
    }

    /** The class counts the network sees in {@code epoch}. */
    public ClassPrior prior(int epoch) {
        return balances(epoch) ? balancedPrior : plainPrior;
    }
}
