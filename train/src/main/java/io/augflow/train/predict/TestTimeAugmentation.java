package io.augflow.train.predict;

import java.util.Arrays;
import java.util.Locale;

/** What the network sees besides each image at prediction time ({@code --tta}). */
public enum TestTimeAugmentation {
    /** The image only. */
    NONE("none"),
    /**
     * The image and its left-right mirror: a classifier averages the two softmax outputs; a detector mirrors the
     * mirror's boxes back and merges both sets by per-class NMS.
     */
    FLIP("flip");

    private final String key;

    TestTimeAugmentation(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** @param name the option or key being read, for the message */
    public static TestTimeAugmentation fromKey(String value, String name) {
        for (TestTimeAugmentation t : values()) {
            if (t.key.equals(value == null ? "" : value.strip().toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException(name + " must be one of "
                + Arrays.stream(values()).map(TestTimeAugmentation::key).toList() + ", got \"" + value + "\"");
    }
}
