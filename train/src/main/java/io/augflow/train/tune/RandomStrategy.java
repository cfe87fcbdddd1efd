package io.augflow.train.tune;

import io.augflow.augment.random.RandomStreams;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

/** Random search: each trial's configuration drawn from the space's prior, never running out. */
public final class RandomStrategy implements SearchStrategy {
    private final SearchSpace space;
    private final long seed;

    public RandomStrategy(SearchSpace space, long seed) {
        this.space = Objects.requireNonNull(space, "space");
        this.seed = seed;
    }

    @Override
    public Optional<TrialConfig> suggest(int trial, List<TrialResult> finished) {
        return Optional.of(space.sample(trialStream(seed, trial)));
    }

    /** The random stream of one trial's suggestion: the same study seed and trial give the same stream. */
    static SplittableRandom trialStream(long seed, int trial) {
        return RandomStreams.child(RandomStreams.mix(seed), trial);
    }
}
