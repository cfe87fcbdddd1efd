package io.augflow.pipeline.ingest;

import io.augflow.augment.DataException;

/** Bytes whose image header cannot be read: carries the quarantine reason it maps to. */
public class ImageHeaderException extends DataException {
    private final QuarantineReason reason;

    public ImageHeaderException(QuarantineReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public QuarantineReason reason() {
        return reason;
    }
}
