package io.augflow.train.registry;

/**
 * Another process holds the registry's run lock. The message names the holder, its host and pid, since
 * when it holds the lock, and the lock file to delete if that process is gone.
 */
public final class RegistryLockedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RegistryLockedException(String message) {
        super(message);
    }
}
