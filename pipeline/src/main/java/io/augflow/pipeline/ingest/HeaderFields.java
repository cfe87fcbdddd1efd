package io.augflow.pipeline.ingest;

/**
 * What one format's header reader found ({@link PngFormat}, {@link JpegFormat}, ...): the stored size, the channels
 * the file stores, and the orientation. {@link ImageHeader#read} adds the format.
 */
record HeaderFields(int width, int height, int channels, Orientation orientation) {}
