package io.augflow.train.evaluate;

import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;

import io.augflow.augment.DataException;
import io.augflow.pipeline.dataset.DatasetMetadata;
import io.augflow.pipeline.dataset.DatasetSchema;
import io.augflow.pipeline.ingest.Validation;
import io.augflow.train.predict.PredictInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * The rows of one split of an augflow dataset as an evaluation reads them: checked against the format, objects with
 * their crowd flag, and a classifier's {@link #TARGET} class fixed as training fixes it
 * ({@code StreamTask.CLASSIFY}): the row's label, else the class of its largest box (the first of equal ones), else
 * none (a background image).
 */
final class SplitRows {
    /** The column of a row's class for a classifier; null for a background image. */
    static final String TARGET = "target";

    private SplitRows() {}

    /** The rows of {@code split} of the dataset folder {@code dataset}, with {@link #TARGET}. */
    static Dataset<Row> read(SparkSession spark, String dataset, String split) {
        checkSplit(split);
        checkIsDataset(spark, dataset);
        return ofSplit(spark.read().parquet(dataset), dataset, split);
    }

    /** The rows of {@code split} in the Parquet {@code files} of a dataset, with {@link #TARGET}. */
    static Dataset<Row> read(SparkSession spark, List<String> files, String split) {
        checkSplit(split);
        Dataset<Row> rows = files.isEmpty() ? spark.createDataFrame(List.of(), DatasetSchema.SCHEMA)
                : spark.read().parquet(files.toArray(String[]::new));
        return ofSplit(rows, files.isEmpty() ? "no files" : files.get(0) + " (and " + (files.size() - 1)
                + " more)", split);
    }

    private static Dataset<Row> ofSplit(Dataset<Row> rows, String where, String split) {
        DatasetSchema.check(rows.schema(), where);
        return DatasetSchema.withCrowdField(rows).filter(col(DatasetSchema.SPLIT).equalTo(split))
                .withColumn(TARGET, coalesce(col(DatasetSchema.LABEL), largestBoxClass()));
    }

    private static void checkSplit(String split) {
        if (!DatasetSchema.SPLITS.contains(split)) {
            throw new IllegalArgumentException("--split must be one of " + DatasetSchema.SPLITS + ", got \"" + split
                    + "\"");
        }
    }

    /** What {@link io.augflow.train.predict.BatchPredictor} reads: nothing quarantined yet. */
    static Dataset<Row> predictInput(Dataset<Row> rows) {
        return rows.select(col(PredictInput.ID), col(PredictInput.SOURCE), col(PredictInput.IMAGE),
                col(PredictInput.CHANNELS), lit(null).cast(DataTypes.StringType).as(Validation.REASON),
                lit(null).cast(DataTypes.StringType).as(Validation.DETAIL));
    }

    /**
     * The class of the largest box: structs compare field by field, so the maximum of (area, -position, class) is
     * the largest box, the first of equal ones; null without boxes.
     */
    private static Column largestBoxClass() {
        Column ranked = transform(col(DatasetSchema.OBJECTS), (o, i) -> struct(
                o.getField("w").multiply(o.getField("h")).as("area"), i.multiply(-1).as("position"),
                o.getField("class").as("class")));
        return array_max(ranked).getField("class");
    }

    private static void checkIsDataset(SparkSession spark, String dataset) {
        Path p = new Path(dataset);
        try {
            var fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(p)) {
                throw new DataException("dataset " + dataset + " does not exist");
            }
            if (!fs.exists(new Path(p, DatasetMetadata.FILE_NAME))) {
                throw new DataException(dataset + " is not an augflow dataset: it has no "
                        + DatasetMetadata.FILE_NAME + " (evaluate needs labels; predict reads image folders)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dataset, e);
        }
    }
}
