package io.augflow.pipeline.ingest;

import java.io.Serializable;

/** A row's split and where it came from. */
public record RowSplit(String name, SplitSource source) implements Serializable {
    public static RowSplit fromLayout(String name) {
        return new RowSplit(name, SplitSource.LAYOUT);
    }
}
