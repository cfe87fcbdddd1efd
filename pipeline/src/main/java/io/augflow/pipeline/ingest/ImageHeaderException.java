package io.augflow.pipeline.ingest;

import io.augflow.augment.DataException;

/**
 * Bytes whose image cannot be read (its header, its EXIF block, or its pixels once decoded): carries the quarantine
 * reason it maps to, and a message naming the problem.
 */
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
