/**
 * {@code augflow tune}: a hyper-parameter study on Spark, around the pure core of {@code io.augflow.train.tune}.
 * {@link io.augflow.jobs.tune.TuneConf} (the {@code tune} block) and {@link io.augflow.jobs.tune.StudySpec} (what the
 * study is; a rerun with another spec is refused) are read and checked first, with the space checked against the
 * training configuration ({@link io.augflow.jobs.tune.TrialTraining#check}). {@link io.augflow.jobs.tune.TuneJob}
 * runs K trials at a time, each an ordinary training ({@link io.augflow.jobs.tune.TrialRun}) in its own FAIR pool,
 * logging every epoch ({@link io.augflow.jobs.tune.TrialListener}, which also stops trials at successive halving's
 * rungs) to the durable trial log, which a rerun replays to resume. {@link io.augflow.jobs.tune.StudyOutputs} writes
 * {@code study.json} and {@code best.conf}; {@link io.augflow.jobs.tune.StudyProgress} the progress line;
 * {@code StudyRegistration} puts the best model in the registry.
 */
package io.augflow.jobs.tune;
