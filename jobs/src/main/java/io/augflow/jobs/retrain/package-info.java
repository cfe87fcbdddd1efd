/**
 * {@code augflow retrain}: the scheduled retrain run ({@link io.augflow.jobs.retrain.RetrainJob}) under the
 * registry lock (data delta, balancing report, warm-started challenger, holdout comparison, register, promote
 * last) and its run report ({@code retrain.json} = {@link io.augflow.jobs.retrain.RetrainRecord}, rendered as
 * {@code retrain-report.html}).
 */
package io.augflow.jobs.retrain;
