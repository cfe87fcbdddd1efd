package io.augflow.jobs.tune;

/** Every trial of a study failed: there is no best configuration. The message lists the trials' reasons. */
public final class StudyFailedException extends RuntimeException {
    public StudyFailedException(String message) {
        super(message);
    }
}
