package io.augflow.train.tune;

import io.augflow.augment.random.RandomStreams;

/**
 * The {@code augflow.seed} each trial trains with, derived from the study's seed and the trial's number alone, so a
 * restarted trial trains with the seed it started with and two trials never share one by accident. It is drawn from a
 * key of its own, unrelated to the stream the strategies draw configurations from.
 */
public final class TrialSeeds {
    /** The key naming this use of the study seed. */
    private static final String PURPOSE = "tune.trial-seed";

    private TrialSeeds() {}

    /** The training seed of trial {@code trial} of a study seeded {@code studySeed}. */
    public static long of(long studySeed, int trial) {
        return RandomStreams.sampleKey(studySeed, 0, PURPOSE, trial);
    }
}
