/**
 * Parameter averaging on Spark, written for augflow's stream instead of DL4J's {@code ParameterAveragingTrainingMaster}
 * (same algorithm, same averaged result): every round broadcasts the current parameters and updater state, each
 * worker task fits its slices of the epoch (loaded ahead by a {@link io.augflow.train.averaging.Prefetcher} that
 * passes failures on), and the driver averages what the workers return. What it does differently: a worker keeps its
 * network between rounds ({@link io.augflow.train.averaging.NetworkPool}) instead of rebuilding it from JSON every
 * round; a failed sample fails the round at once with its message (DL4J's prefetch thread swallowed it and the job
 * waited forever); every round runs under a time limit ({@link io.augflow.train.averaging.BoundedJob}); and each
 * round's phases are timed.
 */
package io.augflow.train.averaging;
