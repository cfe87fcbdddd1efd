package io.augflow.train.spark;

/** Hears about training progress on the driver (the CLI draws its progress bar from it). */
public interface EpochListener {
    EpochListener NONE = new EpochListener() {};

    /** An epoch starts: it will stream {@code samples} samples in about {@code rounds} averaging rounds. */
    default void epochStarted(int epoch, int epochs, long samples, int rounds) {}

    /** One parameter-averaging round of the running epoch finished. */
    default void roundFinished(int epoch) {}

    default void epochFinished(EpochRecord record) {}
}
