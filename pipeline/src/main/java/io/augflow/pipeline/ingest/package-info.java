/**
 * Ingest: importers that turn a folder layout (image folders, IDX, YOLO, COCO) into candidate rows on the
 * executors, header-first validation with reason codes, and the atomic job that writes the Parquet dataset,
 * its quarantine and a summary whose counts add up. The validation steps ({@link ValidationStage}) and the
 * importers' per-file-set entry points ({@link FileSetImporter}) are shared with incremental ingest
 * ({@code ingest.incremental}), so a file gets the same verdict either way.
 */
package io.augflow.pipeline.ingest;
