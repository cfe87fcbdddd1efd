/**
 * Ensembles of classifiers: how members' class probabilities are combined (hard vote, soft average, weighted average,
 * cross-fitted stacking), how the combiners are fitted on the validation split, the ensemble model folder
 * ({@code ensemble.json}) and the executors' side that runs every member with the one predict inference path.
 */
package io.augflow.train.ensemble;
