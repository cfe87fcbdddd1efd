package io.augflow.pipeline.dataset;

import com.typesafe.config.Config;
import java.util.Arrays;
import java.util.Locale;

/**
 * What reading a dataset does with a Parquet part file whose footer cannot be read ({@code augflow.input.on-corrupt-file}).
 * {@link #FAIL} (the default) stops the job naming every such file; {@link #SKIP} leaves them out with a warning and
 * records them (file, size, reason; their row count is unknown, since it lives in the unreadable footer) in what the
 * job writes. Skipping is opt-in because it changes the data a model or report is made from.
 */
public enum CorruptFilePolicy {
    FAIL, SKIP;

    /** The configuration key, relative to {@code augflow}. */
    public static final String KEY = "input.on-corrupt-file";

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CorruptFilePolicy parse(String value) {
        for (CorruptFilePolicy p : values()) {
            if (p.key().equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException(KEY + " must be one of " + Arrays.stream(values()).map(CorruptFilePolicy::key)
                .toList() + ", got '" + value + "'");
    }

    /** The policy of a resolved {@code augflow} block; {@link #FAIL} when the key is absent. */
    public static CorruptFilePolicy fromRoot(Config root) {
        if (!root.hasPath(KEY)) {
            return FAIL;
        }
        return parse(root.getValue(KEY).unwrapped().toString());
    }
}
