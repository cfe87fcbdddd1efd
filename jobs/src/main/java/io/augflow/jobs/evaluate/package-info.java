/**
 * {@code augflow evaluate}: a model scored on one split of a dataset ({@link io.augflow.train.evaluate.ModelEvaluator})
 * written as {@code metrics.json}, {@code metrics.html} and, for a detector, COCO JSON.
 */
package io.augflow.jobs.evaluate;
