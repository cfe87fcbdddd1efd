package io.augflow.augment;

/** Data refused or invalid: the input is there but cannot be used as it is (exit code 3 of the CLI). */
public class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
