package io.augflow.train.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The values of {@code model.task}: what the network learns. {@code auto} decides from the train split: a detector
 * when its rows have boxes and none has an image-level label, else a classifier.
 */
public enum ModelTask {
    CLASSIFY, DETECT, AUTO;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @param where the full config key, for the message */
    public static ModelTask fromKey(String key, String where) {
        for (ModelTask t : values()) {
            if (t.key().equals(key)) {
                return t;
            }
        }
        throw new IllegalArgumentException(where + " must be one of " + keys() + ", got " + key);
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(ModelTask::key).toList();
    }
}
