package io.augflow.train.loss;

import io.augflow.pipeline.plan.ClassPrior;
import io.augflow.pipeline.plan.SamplingSchedule;
import java.util.List;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The loss of every epoch of a run: the configured {@link LossConf} with the class counts of what the network sees
 * in that epoch (the sampling schedule's {@link ClassPrior}: the split's counts before {@code balance.start-epoch},
 * the plan's expected counts from it on), unweighted or class-balanced as {@code loss.drw-epoch} says. Epochs are
 * 0-based. Counts written by hand ({@code loss.class-counts}) win over the prior.
 */
public record LossSchedule(LossConf conf, List<String> classes, SamplingSchedule sampling) {

    public LossSchedule {
        classes = List.copyOf(classes);
        if (conf.needsClassCounts() && conf.classCounts().isEmpty()) {
            check(conf, classes, sampling.plainPrior());
            check(conf, classes, sampling.balancedPrior());
        }
    }

    /** The configuration of {@code epoch}, its class counts filled. */
    public LossConf confFor(int epoch) {
        if (conf.needsClassCounts() && conf.classCounts().isEmpty()) {
            return conf.withClassCounts(sampling.prior(epoch).toArray());
        }
        return conf;
    }

    /** The DL4J loss of {@code epoch}. */
    public ILossFunction lossFor(int epoch) {
        return confFor(epoch).toLossFunction(classes.size(), epoch);
    }

    /** The loss of {@code epoch} in words. */
    public String describe(int epoch) {
        return conf.describe(epoch) + (conf.needsClassCounts() ? ", counts of the " + sampling.prior(epoch).source()
                : "");
    }

    /** Every class needs an example for the log prior, the margins and the weights. */
    private static void check(LossConf conf, List<String> classes, ClassPrior prior) {
        for (int c = 0; c < classes.size(); c++) {
            if (prior.counts().get(c) < 1) {
                throw new IllegalArgumentException("augflow.loss.type = " + conf.type().key()
                        + (conf.classBalanced().enabled() || conf.drwEpoch() > 0 ? " with class-balanced weights" : "")
                        + " needs an image of every class in the train split, and class '" + classes.get(c)
                        + "' has none: set augflow.loss.class-counts, or use another loss");
            }
        }
    }
}
