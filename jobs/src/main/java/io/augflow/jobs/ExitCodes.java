package io.augflow.jobs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit codes of every {@code augflow} job, for schedulers: whether to retry (4), to alert the data owner (3), to
 * fix the command or configuration (2), or to look at a failure (1). {@link FailureReport} decides which one a
 * failure gets; {@link #HELP} is what {@code augflow --help} lists.
 */
public final class ExitCodes {
    public static final int OK = 0;
    /** The output could not be written, or an unexpected failure (a bug). */
    public static final int FAILED = 1;
    /**
     * Bad usage (an unknown option, a missing argument) or bad configuration (a key's value breaks its rule), including
     * a GPU asked for that ND4J cannot use.
     */
    public static final int USAGE = 2;
    /** Data refused or invalid: a missing input, a file or row that breaks the format, an ingest over its limit. */
    public static final int DATA = 3;
    /** A lock is held by another run (retry later), or nothing to do where that is an error. */
    public static final int LOCKED = 4;

    /** Code -> meaning, as picocli's exit code list shows it. */
    static final Map<String, String> HELP = help();

    private ExitCodes() {}

    private static Map<String, String> help() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(" " + OK, "done (retrain: also when the challenger is rejected or there is nothing to do)");
        m.put(" " + FAILED, "failed: the output could not be written, or an unexpected failure (a bug: the stack"
                + " trace is printed)");
        m.put(" " + USAGE, "bad usage or configuration: fix the option or configuration key named (also: a GPU"
                + " asked for that ND4J cannot use)");
        m.put(" " + DATA, "data refused or invalid: a missing input, a bad file or row, an ingest over"
                + " max-bad-fraction");
        m.put(" " + LOCKED, "the model registry is locked by another run (retry later), or nothing to do"
                + " (models promote of the champion, models rollback with no earlier champion)");
        return Collections.unmodifiableMap(m); // in this order
    }
}
