package io.augflow.pipeline.stream;

import io.augflow.pipeline.plan.EpochPlan;
import io.augflow.pipeline.plan.EpochQuota;
import io.augflow.pipeline.plan.SamplingPlan;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The sampling plan of one epoch as a {@link RepeatPolicy}: the stream uses each row exactly as often
 * as {@link EpochPlan#expand} would, without materialising the expanded rows.
 */
public record PlannedRepeats(SamplingPlan plan, EpochQuota quota, int epoch) implements RepeatPolicy {

    /** Fits the epoch's quota (two small Spark jobs for count strategies, nothing otherwise). */
    public static PlannedRepeats forEpoch(SamplingPlan plan, Dataset<Row> trainRows, int epoch) {
        return new PlannedRepeats(plan, EpochPlan.quota(trainRows, plan, epoch), epoch);
    }

    @Override
    public int repeats(SourceRow row, int requestedEpoch) {
        if (requestedEpoch != epoch) {
            throw new IllegalArgumentException("these repeats were planned for epoch " + epoch + ", not "
                    + requestedEpoch);
        }
        return plan.repeats(row.id(), row.classes(), row.hasObjectSmallerThan(plan.smallArea()), epoch, quota);
    }
}
