package io.augflow.train.registry;

/**
 * A promotion or rollback that would leave the champion as it is: the version is already the champion, or no
 * earlier champion is left to roll back to. Nothing was written. The CLI reports it as "nothing to do" (exit code
 * 4), which a scheduler can tell from a failure.
 */
public final class ChampionUnchangedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public ChampionUnchangedException(String message) {
        super(message);
    }
}
