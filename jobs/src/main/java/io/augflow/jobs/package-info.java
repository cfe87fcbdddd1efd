/**
 * The entry points: the {@code augflow} command line ({@link io.augflow.jobs.AugflowCli}), used both by
 * the local launcher {@code bin/augflow} and by {@code spark-submit --class io.augflow.jobs.AugflowCli}.
 */
package io.augflow.jobs;
