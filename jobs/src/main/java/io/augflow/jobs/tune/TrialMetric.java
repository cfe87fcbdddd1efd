package io.augflow.jobs.tune;

import io.augflow.train.best.SelectionMetric;
import io.augflow.train.spark.EpochRecord;
import java.util.List;

/**
 * The validation metric a study ranks its trials by, read from one epoch of a trial's history. All of augflow's
 * selection metrics are better when higher. {@code auto} is resolved per epoch: macro-F1 for a classifier's epoch, AP
 * for a detector's (as {@code train.best-model.metric = auto} does); {@link #name} then says which.
 */
public final class TrialMetric {
    private final SelectionMetric metric;
    /** The metric the last epoch was read with: {@code auto} resolved, once an epoch was read. */
    private volatile SelectionMetric resolved;

    public TrialMetric(SelectionMetric metric) {
        this.metric = java.util.Objects.requireNonNull(metric, "metric");
        this.resolved = metric;
    }

    /** The study's metric: {@code tune.metric}, else the base configuration's {@code train.best-model.metric}. */
    public static TrialMetric of(TuneConf tune, SelectionMetric bestModel) {
        return new TrialMetric(tune.metric().orElse(bestModel));
    }

    /** The metric of one epoch; NaN when the epoch was not evaluated (it then ranks last). */
    public double of(EpochRecord record) {
        if (record.detection() != null) {
            resolved = metric.resolve(true, TuneConf.METRIC_KEY);
            return resolved.of(record.detection());
        }
        if (record.validation() != null) {
            resolved = metric.resolve(false, TuneConf.METRIC_KEY);
            return resolved.of(record.validation());
        }
        return Double.NaN;
    }

    /** A trial's result: its best epoch's metric, NaN epochs ignored; NaN when none has one. */
    public static double best(List<Double> curve) {
        double best = Double.NaN;
        for (double v : curve) {
            if (!Double.isNaN(v) && (Double.isNaN(best) || v > best)) {
                best = v;
            }
        }
        return best;
    }

    /** The metric's name in outputs: {@code auto} until an epoch resolved it. */
    public String name() {
        return resolved.key();
    }
}
