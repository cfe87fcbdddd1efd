/**
 * Prediction with a trained model, on the executors: the one inference path per task (a classifier's softmax, with
 * test-time flip averaging; a detector's {@link io.augflow.train.detect.DetectorInference}), the top-k of a
 * classification, where a model comes from (folder, zip, registry version or champion), and the Spark job that reads
 * a dataset or an image folder and writes predictions and a quarantine.
 */
package io.augflow.train.predict;
