/**
 * From the pipeline's per-epoch stream to DL4J {@code DataSet}s, on executors: a shard path in, a
 * normalised NCHW minibatch out. Hooked into DL4J through {@code fitPaths} and {@code doEvaluation}.
 */
package io.augflow.train.feed;
