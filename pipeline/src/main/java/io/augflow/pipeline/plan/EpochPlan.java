package io.augflow.pipeline.plan;

import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.row_number;

import io.augflow.pipeline.dataset.DatasetSchema;
import io.augflow.pipeline.stats.ImageClasses;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Applies a {@link SamplingPlan} to one epoch on the executors: each row is emitted {@code k} times with
 * an int column {@code repeat} = 0..k-1 ({@code k} = 0 drops it). Pass only the rows to sample (the train
 * split): every row given is planned.
 *
 * <p>Count strategies need each class's rank order for the epoch. Instead of sorting the rows (which would
 * shuffle the image bytes), {@link #quota} ranks a narrow projection (primary class, rank key, id) with
 * a window per class, and brings to the driver only one count and one boundary row per class; the
 * expansion itself is then a narrow {@code flatMap} with no shuffle. Rows are never collected.
 */
public final class EpochPlan {
    /** The column numbering the uses of a row in an epoch, 0..k-1. Key the sample's random stream by it. */
    public static final String REPEAT = "repeat";

    private static final String PRIMARY = "primary";
    private static final String KEY = "key";
    private static final String RANK = "rank";
    private static final StructType KEYS = new StructType()
            .add(PRIMARY, DataTypes.IntegerType, false)
            .add(KEY, DataTypes.LongType, false)
            .add(DatasetSchema.ID, DataTypes.StringType, false);

    private EpochPlan() {}

    /**
     * {@code rows} with each row repeated as the plan says for {@code epoch}, and the {@code repeat} column.
     * The result is lazy, but for count strategies the epoch's {@link #quota} runs now (two small jobs).
     */
    public static Dataset<Row> expand(Dataset<Row> rows, SamplingPlan plan, int epoch) {
        DatasetSchema.check(rows.schema(), "epoch plan input");
        if (rows.schema().getFieldIndex(REPEAT).isDefined()) {
            throw new IllegalArgumentException("epoch plan input already has a '" + REPEAT + "' column: expand once");
        }
        EpochQuota quota = plan.strategy().exact() ? quota(rows, plan, epoch) : EpochQuota.none();
        StructType out = rows.schema().add(REPEAT, DataTypes.IntegerType, false);
        return rows.flatMap(new Expander(plan, quota, epoch), Encoders.row(out));
    }

    /**
     * The exact per-class cut of {@code epoch} for a count strategy: two small Spark jobs over the
     * {@code id}, {@code label} and {@code objects} columns, each returning at most one row per class.
     */
    public static EpochQuota quota(Dataset<Row> rows, SamplingPlan plan, int epoch) {
        if (!plan.strategy().exact()) {
            return EpochQuota.none();
        }
        Dataset<Row> keys = rows.select(DatasetSchema.ID, DatasetSchema.LABEL, DatasetSchema.OBJECTS)
                .map(new RankKeys(plan, epoch), Encoders.row(KEYS))
                .filter(col(PRIMARY).geq(0));
        Map<Integer, Long> rowsByClass = new TreeMap<>();
        for (Row r : keys.groupBy(PRIMARY).count().collectAsList()) {
            rowsByClass.put(r.getInt(0), r.getLong(1));
        }
        Map<Integer, Long> extras = new TreeMap<>();
        rowsByClass.forEach((c, n) -> {
            long extra = plan.targetFor(c, n) % n;
            if (extra > 0) {
                extras.put(c, extra);
            }
        });
        Map<Integer, Row> last = new TreeMap<>();
        if (!extras.isEmpty()) {
            List<Column> pairs = new ArrayList<>();
            extras.forEach((c, e) -> {
                pairs.add(lit(c));
                pairs.add(lit(e));
            });
            Column extraOfClass = call_function("element_at", map(pairs.toArray(new Column[0])), col(PRIMARY));
            Dataset<Row> boundaries = keys
                    .withColumn(RANK, row_number().over(Window.partitionBy(PRIMARY).orderBy(KEY, DatasetSchema.ID)))
                    .filter(col(RANK).equalTo(extraOfClass));
            for (Row r : boundaries.collectAsList()) {
                last.put(r.getInt(0), r);
            }
        }
        List<ClassQuota> quotas = new ArrayList<>();
        rowsByClass.forEach((c, n) -> {
            Row boundary = last.get(c);
            quotas.add(new ClassQuota(c, n, plan.targetFor(c, n), boundary == null ? 0 : boundary.getLong(1),
                    boundary == null ? "" : boundary.getString(2)));
        });
        return new EpochQuota(epoch, quotas);
    }

    /** (primary class, rank key, id) of a row. */
    private static final class RankKeys implements MapFunction<Row, Row> {
        private final SamplingPlan plan;
        private final int epoch;

        RankKeys(SamplingPlan plan, int epoch) {
            this.plan = plan;
            this.epoch = epoch;
        }

        @Override
        public Row call(Row row) {
            String id = row.getString(0);
            return RowFactory.create(plan.primaryClass(ImageClasses.of(row)), plan.rankKey(id, epoch), id);
        }
    }

    /** Emits a row {@code k} times with its repeat index. */
    private static final class Expander implements FlatMapFunction<Row, Row> {
        private final SamplingPlan plan;
        private final EpochQuota quota;
        private final int epoch;

        Expander(SamplingPlan plan, EpochQuota quota, int epoch) {
            this.plan = plan;
            this.quota = quota;
            this.epoch = epoch;
        }

        @Override
        public Iterator<Row> call(Row row) {
            String id = row.getString(row.fieldIndex(DatasetSchema.ID));
            int k = plan.repeats(id, ImageClasses.of(row), ImageClasses.hasSmallObject(row, plan.smallArea()), epoch,
                    quota);
            List<Row> out = new ArrayList<>(k);
            int width = row.length();
            for (int r = 0; r < k; r++) {
                Object[] values = new Object[width + 1];
                for (int i = 0; i < width; i++) {
                    values[i] = row.get(i);
                }
                values[width] = r;
                out.add(RowFactory.create(values));
            }
            return out.iterator();
        }
    }
}
