package io.augflow.pipeline.ingest;

import org.apache.spark.sql.SparkSession;

/**
 * Turns one input layout into candidate rows ({@link Candidate#SCHEMA}). Only metadata (listings, class names,
 * annotation files) is read on the driver; image bytes are read, and rows built, on the executors.
 */
public interface Importer {
    ImportedCandidates load(SparkSession spark, IngestConf conf);
}
