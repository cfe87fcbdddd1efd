package io.augflow.train.tune;

import java.util.SplittableRandom;

/** A density over one parameter's internal coordinate (or choice index) that TPE can sample and score. */
interface ParzenDensity {
    /** A value drawn from the density. */
    double sample(SplittableRandom rng);

    /** The natural logarithm of the density at {@code x}. */
    double logDensity(double x);
}
