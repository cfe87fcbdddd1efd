/**
 * Ingest: importers that turn a folder layout (image folders, IDX, YOLO, COCO) into candidate rows on the
 * executors, header-first validation with reason codes, and the atomic job that writes the Parquet dataset,
 * its quarantine and a summary whose counts add up. Image headers are read per format ({@link PngFormat},
 * {@link JpegFormat}, {@link BmpFormat}, {@link WebpFormat}, {@link TiffFormat}) with bounds-checked readers
 * ({@link ByteWindow}, {@link TiffDirectory}) that also find the EXIF orientation; {@link UprightDecoder} turns
 * decoded pixels upright ({@link Orientation}) and {@link StoredImage} decides the stored bytes. Rows whose layout
 * names no split get one from {@link SplitAssigner}. The validation steps ({@link ValidationStage}) and the
 * importers' per-file-set entry points ({@link FileSetImporter}) are shared with incremental ingest
 * ({@code ingest.incremental}), so a file gets the same verdict either way.
 */
package io.augflow.pipeline.ingest;
