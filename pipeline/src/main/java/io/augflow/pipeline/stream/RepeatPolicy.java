package io.augflow.pipeline.stream;

import java.io.Serializable;

/** How many times a row is used in an epoch; computed on executors from a small, fitted plan. */
@FunctionalInterface
public interface RepeatPolicy extends Serializable {
    /** Every row once: no balancing. */
    RepeatPolicy ONCE = (row, epoch) -> 1;

    /** >= 0; 0 drops the row from this epoch (undersampling). */
    int repeats(SourceRow row, int epoch);
}
