package io.augflow.train.optim;

import java.util.Arrays;
import java.util.List;

/** The values of {@code optimizer.schedule.type}. */
public enum ScheduleKind {
    NONE("none"),
    STEP("step"),
    EXPONENTIAL("exponential"),
    POLYNOMIAL("polynomial"),
    COSINE("cosine");

    private final String key;

    ScheduleKind(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(ScheduleKind::key).toList();
    }

    /** @param where the full config key, for the message */
    public static ScheduleKind fromKey(String key, String where) {
        for (ScheduleKind k : values()) {
            if (k.key.equals(key)) {
                return k;
            }
        }
        throw new IllegalArgumentException(where + " must be one of " + keys() + ", got " + key);
    }
}
