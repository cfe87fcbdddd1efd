/**
 * Hyper-parameter search, the pure core (no Spark, no DL4J): what a {@code tune} job plugs together.
 *
 * <ul>
 *   <li>{@link io.augflow.train.tune.SearchSpace}: the HOCON space over full training keys ({@code choice},
 *       {@code uniform}, {@code log-uniform}, {@code int}, with {@code when} conditions), validated up front; a
 *       sampled {@link io.augflow.train.tune.TrialConfig} renders as {@code --conf} / {@code --set} overrides.</li>
 *   <li>{@link io.augflow.train.tune.SearchStrategy}: grid, random and TPE. Stateless: the finished trials are passed
 *       in and trial {@code n}'s randomness is keyed by (study seed, n), so a resumed study proposes the same
 *       configurations.</li>
 *   <li>{@link io.augflow.train.tune.AshaRule}: asynchronous successive halving over epochs, deciding after each
 *       epoch whether a trial trains on, stops at a rung, or is complete.</li>
 *   <li>{@link io.augflow.train.tune.TrialLog} and {@link io.augflow.train.tune.StudyState}: the durable study, an
 *       fsynced JSON-lines log replayed into each trial's state (finished, half-done, failed);
 *       {@link io.augflow.train.tune.TrialSeeds} gives each trial its training seed.</li>
 * </ul>
 *
 * <p>The job (in {@code jobs}) will add: reading the {@code augflow.tune} keys named by the constants here into
 * these objects; running K trials at a time as Spark jobs in FAIR pools, each an ordinary training with the trial's
 * overrides and seed, logging {@code Started}/{@code Epoch}/{@code Finished}/{@code Failed} and asking
 * {@link io.augflow.train.tune.AshaRule} after each epoch; resuming half-done trials from their checkpoints; and
 * {@code study.json}, {@code best.conf}, {@code study.html} and the progress line.
 */
package io.augflow.train.tune;
