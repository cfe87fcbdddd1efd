package io.augflow.jobs.retrain;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a retrain run ended; every outcome but {@link #FAILED} exits 0. */
public enum RetrainOutcome {
    /** The registry had no champion: a model was trained from scratch, registered and promoted. */
    FIRST_MODEL("first-model"),
    /** Too few new rows since the champion: nothing trained, nothing registered. */
    NOTHING_TO_DO("nothing-to-do"),
    /** The challenger passed the promotion rule and is the champion now. */
    PROMOTED("promoted"),
    /** The challenger was registered but failed the rule (or could not be compared); the champion stays. */
    REJECTED("rejected"),
    /** The run stopped with an error; the champion is unchanged unless the error came after the promotion. */
    FAILED("failed");

    private final String key;

    RetrainOutcome(String key) {
        this.key = key;
    }

    @JsonValue
    public String key() {
        return key;
    }
}
