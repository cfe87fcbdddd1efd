package io.augflow.pipeline.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.augflow.pipeline.dataset.DatasetSchema;
import io.augflow.pipeline.stats.ImageClasses;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What one epoch under a {@link SamplingPlan} looks like per class, counted on the executors without
 * moving a row: each row's use count is the one {@link EpochPlan#expand} would give it (the same
 * {@link SamplingPlan#repeats} with the same {@link EpochQuota}), summed per class over a narrow
 * projection ({@code id}, {@code label}, {@code objects}), so no image bytes are read. Reports use it to
 * show the class histogram "after the plan"; for count strategies {@code rowsByPrimary} equals the plan's
 * targets exactly.
 *
 * @param epoch the epoch counted
 * @param rows samples in the epoch (sum of all uses)
 * @param rowsByPrimary uses of rows by their primary (rarest) class, the unit count strategies make exact
 * @param imagesByClass uses of rows that contain the class (an image of two classes counts for both),
 *        comparable with {@link io.augflow.pipeline.stats.ClassStats#images()}
 */
public record EpochClassCounts(
        @JsonProperty("epoch") int epoch,
        @JsonProperty("rows") long rows,
        @JsonProperty("rowsByPrimary") Map<Integer, Long> rowsByPrimary,
        @JsonProperty("imagesByClass") Map<Integer, Long> imagesByClass) {

    private static final int TREE_DEPTH = 2;

    public EpochClassCounts {
        rowsByPrimary = Map.copyOf(rowsByPrimary);
        imagesByClass = Map.copyOf(imagesByClass);
    }

    /**
     * Counts epoch {@code epoch} of {@code rows} (pass the rows the plan samples, as for
     * {@link EpochPlan#expand}). Count strategies run the epoch's {@link EpochPlan#quota} first.
     */
    public static EpochClassCounts of(Dataset<Row> rows, SamplingPlan plan, int epoch) {
        DatasetSchema.check(rows.schema(), "epoch class counts input");
        EpochQuota quota = plan.strategy().exact() ? EpochPlan.quota(rows, plan, epoch) : EpochQuota.none();
        JavaRDD<Row> narrow = rows.select(DatasetSchema.ID, DatasetSchema.LABEL, DatasetSchema.OBJECTS).javaRDD();
        Tally tally = narrow.treeAggregate(new Tally(), (t, row) -> t.add(row, plan, quota, epoch), Tally::merge,
                TREE_DEPTH);
        return new EpochClassCounts(epoch, tally.rows, tally.byPrimary, tally.byClass);
    }

    /** Uses of rows whose primary class is {@code classId} (0 when none). */
    public long rowsOfPrimary(int classId) {
        return rowsByPrimary.getOrDefault(classId, 0L);
    }

    /** Uses of rows that contain {@code classId} (0 when none). */
    public long imagesOfClass(int classId) {
        return imagesByClass.getOrDefault(classId, 0L);
    }

    /** The per-partition fold: bounded by the number of classes. Mutable, never leaves this class. */
    private static final class Tally implements Serializable {
        final TreeMap<Integer, Long> byPrimary = new TreeMap<>();
        final TreeMap<Integer, Long> byClass = new TreeMap<>();
        long rows;

        Tally add(Row row, SamplingPlan plan, EpochQuota quota, int epoch) {
            int[] classes = ImageClasses.of(row);
            int k = plan.repeats(row.getString(0), classes, ImageClasses.hasSmallObject(row, plan.smallArea()), epoch,
                    quota);
            if (k == 0) {
                return this;
            }
            rows += k;
            int primary = plan.primaryClass(classes);
            if (primary != ImageClasses.NONE) {
                byPrimary.merge(primary, (long) k, Long::sum);
            }
            for (int c : classes) {
                byClass.merge(c, (long) k, Long::sum);
            }
            return this;
        }

        Tally merge(Tally other) {
            rows += other.rows;
            other.byPrimary.forEach((c, n) -> byPrimary.merge(c, n, Long::sum));
            other.byClass.forEach((c, n) -> byClass.merge(c, n, Long::sum));
            return this;
        }
    }
}
