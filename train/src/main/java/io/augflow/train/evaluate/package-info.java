/**
 * Scoring a model on one split of an augflow dataset, on the executors, through the one inference path of
 * {@code predict} ({@link io.augflow.train.predict.BatchPredictor}): a classifier's metrics and calibration, a
 * detector's COCO metrics with the ground truth and detections to export. {@code augflow evaluate} and
 * {@code retrain}'s holdout scoring both call {@link io.augflow.train.evaluate.ModelEvaluator}.
 */
package io.augflow.train.evaluate;
