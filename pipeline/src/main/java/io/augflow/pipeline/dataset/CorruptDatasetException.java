package io.augflow.pipeline.dataset;

import io.augflow.augment.DataException;
import java.util.List;

/**
 * A dataset holds Parquet part files that cannot be read (a truncated file, an overwritten footer): the job stops
 * before computing anything, naming every bad file, rather than give a result made from part of the data.
 */
public class CorruptDatasetException extends DataException {
    private final List<DatasetFiles.SkippedFile> files;

    public CorruptDatasetException(String message, List<DatasetFiles.SkippedFile> files) {
        super(message);
        this.files = List.copyOf(files);
    }

    /** The unreadable files, with their size and the reader's reason. */
    public List<DatasetFiles.SkippedFile> files() {
        return files;
    }
}
