package io.augflow.jobs.preview;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.augflow.augment.random.RandomStreams;
import io.augflow.pipeline.dataset.DatasetSchema;
import io.augflow.pipeline.plan.RankOrder;
import io.augflow.pipeline.stats.ImageClasses;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Chooses the rows a preview shows, the same on every run and whatever the partitioning.
 *
 * <p>Rows rank by (has boxes first, then a hash of (seed, id), then id): a seeded sample of the rows that have
 * something to draw. When none of the first {@code n} holds a small object (box area below {@code smallArea})
 * but some row does, the first such row by the same order replaces the last pick, so small objects, the
 * reason augflow exists, are always in the picture.
 *
 * <p>Ranking runs on the executors over a narrow projection (id and boxes, no image bytes); at most
 * {@code n + 1} key rows, then the {@code n} chosen full rows, reach the driver.
 */
public final class PreviewSelection {
    static final String KEY = "key";
    static final String HAS_BOXES = "hasBoxes";
    static final String HAS_SMALL = "hasSmall";
    private static final String PART = "part";
    private static final long PREVIEW_SALT = 0x5052455649455701L;
    private static final StructType KEYS = new StructType()
            .add(DatasetSchema.ID, DataTypes.StringType, false)
            .add(KEY, DataTypes.LongType, false)
            .add(HAS_BOXES, DataTypes.BooleanType, false)
            .add(HAS_SMALL, DataTypes.BooleanType, false);

    private PreviewSelection() {}

    /**
     * The chosen rows of {@code rows} (already filtered to one split), in display order; fewer than {@code n}
     * only when {@code rows} has fewer.
     */
    public static List<Row> choose(Dataset<Row> rows, int n, long seed, double smallArea) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        Dataset<Row> keys = rows.select(DatasetSchema.ID, DatasetSchema.OBJECTS)
                .map(new RankKey(seed, smallArea), Encoders.row(KEYS));
        Dataset<Row> first = keys.orderBy(col(HAS_BOXES).desc(), col(KEY), col(DatasetSchema.ID)).limit(n);
        Dataset<Row> firstSmall = keys.filter(col(HAS_SMALL)).orderBy(col(KEY), col(DatasetSchema.ID)).limit(1);
        List<Row> picked = new ArrayList<>();
        Row small = null;
        for (Row r : first.withColumn(PART, lit(0)).union(firstSmall.withColumn(PART, lit(1))).collectAsList()) {
            if (r.getInt(4) == 0) {
                picked.add(r);
            } else {
                small = r;
            }
        }
        // the order Spark sorted in: boxes first, then (key, id) as RankOrder compares them
        picked.sort(Comparator.<Row, Boolean>comparing(r -> !r.getBoolean(2))
                .thenComparing((a, b) -> RankOrder.compare(a.getLong(1), a.getString(0), b.getLong(1), b.getString(0))));
        if (small != null && picked.stream().noneMatch(r -> r.getBoolean(3))) {
            picked.set(picked.size() - 1, small);
        }
        List<String> ids = picked.stream().map(r -> r.getString(0)).toList();
        return fetch(rows, ids);
    }

    /** The full rows of {@code ids}, in that order; of rows sharing an id, the one with the first source. */
    private static List<Row> fetch(Dataset<Row> rows, List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Row> found = new ArrayList<>(rows.filter(col(DatasetSchema.ID).isin(ids.toArray())).collectAsList());
        found.sort(Comparator.comparing((Row r) -> r.<String>getAs(DatasetSchema.SOURCE)));
        Map<String, Row> byId = new LinkedHashMap<>();
        for (Row r : found) {
            byId.putIfAbsent(r.getAs(DatasetSchema.ID), r);
        }
        return ids.stream().map(byId::get).toList();
    }

    /** (id, rank key, has boxes, has a small box) of a row. */
    private static final class RankKey implements MapFunction<Row, Row> {
        private final long seed;
        private final double smallArea;

        RankKey(long seed, double smallArea) {
            this.seed = seed;
            this.smallArea = smallArea;
        }

        @Override
        public Row call(Row row) {
            String id = row.getString(0);
            long key = RandomStreams.forSample(seed ^ PREVIEW_SALT, 0, id, 0).nextLong();
            return RowFactory.create(id, key, !ImageClasses.objects(row).isEmpty(),
                    ImageClasses.hasSmallObject(row, smallArea));
        }
    }
}
