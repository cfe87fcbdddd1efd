/**
 * Parameter-averaging training on Spark: each epoch streams freshly augmented shards into DL4J's
 * {@code ParameterAveragingTrainingMaster} through {@code fitPaths}, then evaluates and checkpoints.
 */
package io.augflow.train.spark;
