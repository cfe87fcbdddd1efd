package io.augflow.train.ensemble;

import java.io.Serializable;

/**
 * Turns the members' class probabilities of one image into the ensemble's. Immutable and serialisable: fitted on the
 * driver, shipped to the executors, recorded in {@code ensemble.json}.
 */
public sealed interface Combiner extends Serializable
        permits HardVote, SoftAverage, WeightedAverage, StackingCombiner {

    /** The method this combiner implements. */
    CombineMethod method();

    /**
     * The ensemble's class probabilities (non-negative, summing to 1).
     *
     * @param members {@code [member][class]}, one probability vector per member, in the ensemble's member order
     */
    double[] combine(double[][] members);

    /** Each member's weight in the combination, for the report; stacking gives the share of its coefficients. */
    double[] memberWeights(int members);
}
