/**
 * COCO box evaluation for augflow's detector, figure for figure what {@code pycocotools.cocoeval.COCOeval}
 * (iouType {@code bbox}, default parameters) reports, and COCO JSON files for others to score with pycocotools.
 *
 * <p>The inputs are plain records: {@link io.augflow.train.detect.eval.CocoGroundTruth} (images, class names,
 * {@link io.augflow.train.detect.eval.GroundTruthBox}es) and {@link io.augflow.train.detect.eval.Detection}s;
 * {@link io.augflow.train.detect.eval.CocoEvaluator} turns them into
 * {@link io.augflow.train.detect.eval.CocoMetrics} (the 12 standard stats, per-class AP and precision/recall
 * curves). {@link io.augflow.train.detect.eval.CocoJsonWriter} and
 * {@link io.augflow.train.detect.eval.CocoJsonReader} write and read an instances file and a results file.
 * No DL4J or Spark types: anything that produces boxes can be scored.
 */
package io.augflow.train.detect.eval;
