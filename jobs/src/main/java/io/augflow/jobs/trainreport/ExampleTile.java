package io.augflow.jobs.trainreport;

/**
 * One drawn test image of the report.
 *
 * @param id the sample id
 * @param truths ground-truth boxes drawn
 * @param predictions detections at or above the display threshold
 * @param drawn those of them drawn (the best scored, at most {@link BoxOverlay#MAX_DRAWN})
 * @param width tile width in pixels
 * @param height tile height in pixels
 * @param pngBase64 the tile as PNG, Base64-encoded for a data URL
 */
record ExampleTile(String id, int truths, int predictions, int drawn, int width, int height, String pngBase64) {}
