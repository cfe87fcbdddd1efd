package io.augflow.pipeline.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.augflow.augment.OpenCv;
import io.augflow.pipeline.dataset.DatasetSchema;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * The steps between candidates and the two outputs that every ingest (one-shot {@link IngestJob} and the
 * incremental one) runs the same way, so that a file gets the same verdict whichever way it arrives: validation on
 * the executors, duplicate ids (inside the input, and against ids a dataset already holds), the count per reason, and
 * the split into dataset rows and quarantine rows. Rows in {@link Validation#SCHEMA}; reason null means valid.
 */
public final class ValidationStage {
    /** The key of valid rows in {@link #countByReason}. */
    public static final String OK = "";

    private ValidationStage() {}

    /** Each candidate through the validator on the executors, one row at a time. */
    public static Dataset<Row> validate(Dataset<Row> candidates, CandidateValidator validator) {
        MapPartitionsFunction<Row, Row> check = rows -> {
            OpenCv.load();
            return LazyRows.map(rows, r -> validator.validate(Candidate.fromRow(r)).toRow());
        };
        return candidates.mapPartitions(check, Encoders.row(Validation.SCHEMA));
    }

    /**
     * Among rows that passed every other check, keeps for each id the first by (source, ordinal) and marks the
     * others DUPLICATE_ID. Only (id, source, ordinal) of duplicated ids are aggregated and joined back, so the image
     * bytes are not shuffled unless there are very many duplicates.
     */
    public static Dataset<Row> markDuplicates(Dataset<Row> validated) {
        Column first = struct(col(DatasetSchema.SOURCE), col(Validation.ORDINAL));
        Dataset<Row> dups = validated.filter(col(Validation.REASON).isNull())
                .groupBy(col(DatasetSchema.ID).as("dup_id"))
                .agg(count(lit(1)).as("n"), min(first).as("first"))
                .filter(col("n").gt(1)).drop("n");
        Dataset<Row> joined = validated.join(dups, validated.col(DatasetSchema.ID).equalTo(dups.col("dup_id")), "left");
        Column isDup = col(Validation.REASON).isNull().and(col("dup_id").isNotNull())
                .and(col("first").notEqual(first));
        return joined
                .withColumn(Validation.DETAIL, when(isDup, concat(lit("id also at "), col("first.source")))
                        .otherwise(col(Validation.DETAIL)))
                .withColumn(Validation.REASON, when(isDup, lit(QuarantineReason.DUPLICATE_ID.name()))
                        .otherwise(col(Validation.REASON)))
                .drop("dup_id", "first");
    }

    /**
     * Marks DUPLICATE_ID every still-valid row whose id is among {@code existingIds} (one string column: the ids a
     * dataset already holds), so appending never gives a dataset two rows with one id.
     */
    public static Dataset<Row> markExisting(Dataset<Row> checked, Dataset<Row> existingIds, String datasetName) {
        Dataset<Row> existing = existingIds.toDF("existing_id").distinct();
        Dataset<Row> joined = checked.join(existing, checked.col(DatasetSchema.ID).equalTo(existing.col("existing_id")),
                "left");
        Column isDup = col(Validation.REASON).isNull().and(col("existing_id").isNotNull());
        return joined
                .withColumn(Validation.DETAIL, when(isDup, lit("id already in the dataset " + datasetName))
                        .otherwise(col(Validation.DETAIL)))
                .withColumn(Validation.REASON, when(isDup, lit(QuarantineReason.DUPLICATE_ID.name()))
                        .otherwise(col(Validation.REASON)))
                .drop("existing_id");
    }

    /** Rows per reason; valid rows under the key {@link #OK}. */
    public static Map<String, Long> countByReason(Dataset<Row> checked) {
        Map<String, Long> counts = new TreeMap<>();
        for (Row r : checked.groupBy(Validation.REASON).count().collectAsList()) {
            counts.put(r.isNullAt(0) ? OK : r.getString(0), r.getLong(1));
        }
        return counts;
    }

    /** Valid rows by where their split came from ({@link SplitSource#configName()}). */
    public static Map<String, Long> countValidBySplitSource(Dataset<Row> checked) {
        Map<String, Long> counts = new TreeMap<>();
        for (Row r : checked.filter(col(Validation.REASON).isNull()).groupBy(Validation.SPLIT_SOURCE).count()
                .collectAsList()) {
            counts.put(r.getString(0), r.getLong(1));
        }
        return counts;
    }

    /** {@code counts} without the valid rows: quarantined rows by reason. */
    public static Map<String, Long> withoutOk(Map<String, Long> counts) {
        Map<String, Long> bad = new TreeMap<>(counts);
        bad.remove(OK);
        return bad;
    }

    /** The valid rows in the dataset's columns ({@link DatasetSchema#SCHEMA}). */
    public static Dataset<Row> datasetRows(Dataset<Row> checked) {
        return checked.filter(col(Validation.REASON).isNull())
                .select(Arrays.stream(DatasetSchema.SCHEMA.fieldNames()).map(Column::new).toArray(Column[]::new));
    }

    /** The quarantined rows in the quarantine's columns: id, source, reason, detail. */
    public static Dataset<Row> quarantineRows(Dataset<Row> checked) {
        return checked.filter(col(Validation.REASON).isNotNull())
                .select(DatasetSchema.ID, DatasetSchema.SOURCE, Validation.REASON, Validation.DETAIL);
    }
}
