package io.augflow.pipeline.dataset;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Opens an augflow dataset folder: checks that {@code _classes.json} is there and that the Parquet schema is
 * the format's ({@link DatasetSchema#check}) on the driver, before any job runs on it.
 */
public final class DatasetReader {
    private DatasetReader() {}

    /**
     * The dataset's rows, after checking its metadata and schema.
     *
     * @throws IllegalArgumentException when the folder has no {@code _classes.json} or a schema that is not the format's
     */
    public static Dataset<Row> read(SparkSession spark, String path) {
        readMetadata(spark, path);
        Dataset<Row> rows = spark.read().parquet(path);
        DatasetSchema.check(rows.schema(), path);
        return rows;
    }

    /** The dataset's class names and provenance ({@code _classes.json}). */
    public static DatasetMetadata readMetadata(SparkSession spark, String path) {
        return DatasetMetadata.read(path, spark.sparkContext().hadoopConfiguration());
    }
}
