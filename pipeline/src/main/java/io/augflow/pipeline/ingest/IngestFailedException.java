package io.augflow.pipeline.ingest;

import io.augflow.augment.DataException;

/** The input was read but is too broken to publish (too many quarantined rows, no rows at all). Nothing was written. */
public class IngestFailedException extends DataException {
    public IngestFailedException(String message) {
        super(message);
    }
}
