package io.augflow.pipeline.ingest.incremental;

/**
 * A seam for fault-injection tests: called as a batch passes each step of its commit, so a test can throw (or halt
 * the JVM) between two steps and check that the rerun repairs it. Production runs use {@link #NONE}.
 */
@FunctionalInterface
interface CommitHook {
    /** The steps of a batch's commit, in order. */
    enum Step {
        /** Rows written into the batch's temporary folder; nothing visible yet. */
        WRITTEN,
        /** Files moved into the dataset and quarantine; the marker is not written yet. */
        MOVED,
        /** Marker written: the batch is committed; Spark has not yet recorded the batch as done. */
        LOGGED
    }

    CommitHook NONE = (step, batchId) -> { };

    void reached(Step step, long batchId);
}
