/**
 * The per-epoch stream of augmented samples. An epoch is a list of {@link io.augflow.pipeline.stream.Shard}s
 * (row ranges of the dataset's Parquet row groups, a few bytes each); on an executor, a shard is read,
 * expanded by the sampling plan, decoded, augmented with draws keyed by (seed, epoch, id, repeat) and
 * shuffled. Nothing augmented is ever written or cached: the next epoch draws afresh.
 */
package io.augflow.pipeline.stream;
