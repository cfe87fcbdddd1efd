/**
 * Class balancing, fit then freeze: {@link io.augflow.pipeline.plan.PlanConf} (the {@code balance} block)
 * plus {@link io.augflow.pipeline.stats.DatasetStats} give a small immutable
 * {@link io.augflow.pipeline.plan.SamplingPlan} (per-class targets or repeat factors, never per-row state),
 * which {@link io.augflow.pipeline.plan.EpochPlan} applies on the executors as a repeat count per row for
 * one epoch, with {@link io.augflow.pipeline.plan.ExpectedEpoch} its expected size on the driver from the
 * statistics alone; and {@link io.augflow.pipeline.plan.ClassWeights} for the loss, instead of or beside resampling.
 *
 * <p>Example:
 * <pre>
 * balance {
 *   strategy = oversample          # none | oversample | undersample | over-under | repeat-factor | small-object
 *                                  # or [repeat-factor, small-object]: max of the two factors per row
 *   target = { "3" = 500, "7" = 200 }   # max | min | sqrt | a count for every class | class id -> count
 *   max-repeat = 10
 *   class-weights = effective-number
 * }
 * </pre>
 */
package io.augflow.pipeline.plan;
