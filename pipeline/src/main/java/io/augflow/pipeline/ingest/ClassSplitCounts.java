package io.augflow.pipeline.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode_outer;
import static org.apache.spark.sql.functions.when;

import io.augflow.pipeline.dataset.DatasetSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Images per class per split of dataset rows, for the ingest summary: a classification row counts for its label; a
 * detection row once for each class it has a (non-crowd) box of; a row with neither under {@value #NO_CLASS}.
 * Classes in id order, splits sorted; a class without rows is absent.
 */
public final class ClassSplitCounts {
    public static final String NO_CLASS = "(no label or box)";

    private ClassSplitCounts() {}

    /** @param rows dataset rows ({@link DatasetSchema#SCHEMA}) */
    public static Map<String, Map<String, Long>> count(Dataset<Row> rows, List<String> classes) {
        Map<Integer, Map<String, Long>> byId = new TreeMap<>();
        // a crowd region is no object of its class (COCO): a row with crowd boxes only counts as having none
        Column countable = org.apache.spark.sql.functions.filter(col(DatasetSchema.OBJECTS),
                o -> org.apache.spark.sql.functions.not(o.getField(DatasetSchema.CROWD)));
        Column classesOfRow = when(col(DatasetSchema.LABEL).isNotNull(), array(col(DatasetSchema.LABEL)))
                .otherwise(array_distinct(countable.getField("class")));
        Dataset<Row> upgraded = DatasetSchema.withCrowdField(rows);
        for (Row r : upgraded.select(col(DatasetSchema.SPLIT), explode_outer(classesOfRow).as("class_id"))
                .groupBy("class_id", DatasetSchema.SPLIT).count().collectAsList()) {
            int id = r.isNullAt(0) ? -1 : r.getInt(0);
            byId.computeIfAbsent(id, k -> new TreeMap<>()).put(r.getString(1), r.getLong(2));
        }
        Map<String, Map<String, Long>> byName = new LinkedHashMap<>();
        byId.forEach((id, bySplit) -> byName.put(id < 0 ? NO_CLASS
                : id < classes.size() ? classes.get(id) : "class " + id, bySplit));
        return byName;
    }

    /** {@code into} plus {@code more}, class by class and split by split (totals over several batches). */
    public static Map<String, Map<String, Long>> merge(Map<String, Map<String, Long>> into,
            Map<String, Map<String, Long>> more) {
        Map<String, Map<String, Long>> sum = new LinkedHashMap<>();
        into.forEach((c, m) -> sum.put(c, new TreeMap<>(m)));
        more.forEach((c, m) -> m.forEach((split, n) -> sum.computeIfAbsent(c, k -> new TreeMap<>())
                .merge(split, n, Long::sum)));
        return sum;
    }
}
