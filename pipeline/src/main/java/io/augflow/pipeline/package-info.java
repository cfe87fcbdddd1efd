/**
 * The Spark adapter: the Parquet image dataset format, ingest with validation and quarantine,
 * statistics, sampling and balancing plans, and the per-epoch stream of augmented samples.
 */
package io.augflow.pipeline;
