package io.augflow.train.spark;

import java.util.Optional;

/**
 * Hears about training progress on the driver (the CLI draws its progress bar from it), and may end the run after an
 * epoch ({@link #stopAfter}: a tune study's successive halving stops its trials at rungs).
 */
public interface EpochListener {
    EpochListener NONE = new EpochListener() {};

    /** An epoch starts: it will stream {@code samples} samples in about {@code rounds} averaging rounds. */
    default void epochStarted(int epoch, int epochs, long samples, int rounds) {}

    /** One parameter-averaging round of the running epoch finished. */
    default void roundFinished(int epoch) {}

    default void epochFinished(EpochRecord record) {}

    /**
     * Asked after {@link #epochFinished} (the epoch is evaluated and checkpointed): a reason to stop training now,
     * recorded in {@code model.json} like early stopping's; empty to train on. The kept epoch is still the best by
     * {@code train.best-model}.
     */
    default Optional<String> stopAfter(EpochRecord record) {
        return Optional.empty();
    }
}
