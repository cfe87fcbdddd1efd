package io.augflow.pipeline.dataset;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Opens an augflow dataset folder: checks that {@code _classes.json} is there, that every Parquet part file has a
 * readable footer ({@link DatasetFiles}, with the {@link CorruptFilePolicy}) and that the Parquet schema is the
 * format's ({@link DatasetSchema#check}) on the driver, before any job runs on it.
 */
public final class DatasetReader {
    private DatasetReader() {}

    /**
     * The dataset's rows, after checking its metadata, its files (an unreadable one fails) and its schema.
     *
     * @throws IllegalArgumentException when the folder has no {@code _classes.json} or a schema that is not the format's
     * @throws CorruptDatasetException when a part file cannot be read
     */
    public static Dataset<Row> read(SparkSession spark, String path) {
        return read(spark, open(spark, path, CorruptFilePolicy.FAIL));
    }

    /**
     * Checks the metadata and the part files of {@code path}: what {@link #read(SparkSession, DatasetFiles)} and the
     * training shards are then made from.
     */
    public static DatasetFiles open(SparkSession spark, String path, CorruptFilePolicy policy) {
        readMetadata(spark, path);
        return DatasetFiles.check(spark, path, policy);
    }

    /**
     * The rows of the checked, readable files of a dataset, after checking the schema. Objects always carry
     * {@link DatasetSchema#CROWD}: false in files written before it ({@link DatasetSchema#withCrowdField}).
     */
    public static Dataset<Row> read(SparkSession spark, DatasetFiles files) {
        Dataset<Row> inferred = spark.read().parquet(files.paths());
        DatasetSchema.check(inferred.schema(), files.dataset());
        // read with the format's schema, not one file's footer: a dataset appended to after the crowd field
        // came has files of both forms, and the inferred schema could be the old one
        Dataset<Row> rows = spark.read().schema(DatasetSchema.SCHEMA).parquet(files.paths());
        return DatasetSchema.withCrowdField(rows);
    }

    /** The dataset's class names and provenance ({@code _classes.json}). */
    public static DatasetMetadata readMetadata(SparkSession spark, String path) {
        return DatasetMetadata.read(path, spark.sparkContext().hadoopConfiguration());
    }
}
