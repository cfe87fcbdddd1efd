package io.augflow.augment;

/**
 * The input data is refused or invalid: a sample that does not decode, a dataset that is missing or has the wrong
 * schema, an ingest with too many bad rows. Not a bug and not bad configuration: the message names the file or row
 * and the rule it breaks, so that whoever owns the data can fix it (the CLI exits with code 3 and no stack trace).
 * Bad configuration stays {@link IllegalArgumentException}.
 */
public class DataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
