/** Atomic, checksummed per-epoch checkpoints, and resuming from the last good one. */
package io.augflow.train.checkpoint;
