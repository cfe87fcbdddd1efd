/**
 * Ingest: importers that turn a folder layout (image folders, IDX, YOLO, COCO) into candidate rows on the
 * executors, header-first validation with reason codes, and the atomic job that writes the Parquet dataset,
 * its quarantine and a summary whose counts add up.
 */
package io.augflow.pipeline.ingest;
