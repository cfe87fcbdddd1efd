/**
 * Incremental ingest: a landing folder watched by Spark Structured Streaming's file source with
 * {@code Trigger.AvailableNow}, whose newly arrived files are validated exactly as the one-shot ingest does and
 * appended to a dataset once each, even across crashes and reruns. Each streaming batch writes its rows into a
 * temporary folder, moves them into the dataset and its quarantine under names holding the batch id, and writes
 * {@code _ingest_log/batch-<id>.json} last as its commit marker.
 */
package io.augflow.pipeline.ingest.incremental;
