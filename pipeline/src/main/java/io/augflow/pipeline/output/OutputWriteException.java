package io.augflow.pipeline.output;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Optional;

/**
 * An output could not be written: the target is not writable, or a write failed part-way (no space left on
 * device, permission denied, a lost connection). The message names the target and the file system's own
 * reason, e.g. {@code "cannot write /data/out: No space left on device"}; whatever was partly written has been
 * removed by the time this is thrown. A runtime failure of the job (exit code 1), not a configuration error.
 */
public class OutputWriteException extends RuntimeException {
    public OutputWriteException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code "cannot write <target>: <the file system's reason>"}. */
    public static OutputWriteException of(String target, IOException cause) {
        return new OutputWriteException("cannot write " + target + ": " + reason(cause), cause);
    }

    /**
     * {@code failure} as an {@code OutputWriteException} about {@code target} when an {@link IOException} is among
     * its causes (Spark wraps an executor's write error two or three times, in a {@code SparkException} that Java
     * sees as checked); otherwise {@code failure} itself, or wrapped with the same message when it is checked.
     */
    public static RuntimeException wrap(String target, Exception failure) {
        if (failure instanceof OutputWriteException) {
            return (OutputWriteException) failure;
        }
        Optional<IOException> io = ioCause(failure);
        if (io.isPresent()) {
            return new OutputWriteException("cannot write " + target + ": " + reason(io.get()), failure);
        }
        return failure instanceof RuntimeException runtime ? runtime : new RuntimeException(failure.getMessage(), failure);
    }

    /** The deepest {@link IOException} in the cause chain: the file system's own words. */
    static Optional<IOException> ioCause(Throwable t) {
        IOException found = null;
        int depth = 0;
        for (Throwable c = t; c != null && depth < 32; c = c.getCause(), depth++) {
            if (c instanceof IOException io) {
                found = io;
            }
        }
        return Optional.ofNullable(found);
    }

    static String reason(IOException io) {
        if (io instanceof FileSystemException fs && fs.getFile() != null && fs.getReason() == null
                && fs.getOtherFile() == null) {
            // java.nio's message is then only the file's path: say what happened to it, in the words of strerror
            return nioReason(fs) + ": " + fs.getFile();
        }
        String m = io.getMessage();
        return m == null || m.isBlank() ? io.getClass().getSimpleName() : m;
    }

    private static String nioReason(FileSystemException e) {
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "File exists";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        return e.getClass().getSimpleName();
    }
}
