package io.augflow.train.tune;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.augflow.augment.DataException;
import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A study's append-only trial log: one JSON object per line ({@link TrialEvent}), each line written whole with one
 * write and forced to disk before {@link #append} returns, so a killed study loses at most the line being written.
 * Such a torn last line (no newline at its end) is ignored by {@link #read} and cut off by {@link #open} before
 * anything is appended after it. A broken line anywhere else is bad data: {@link DataException} names the file and
 * the line. Local files only (the study folder lives on the driver).
 *
 * <p>Appends go through {@link RandomAccessFile}, not a {@link FileChannel}: a channel is closed for good when a
 * thread writing to it is interrupted, and a tune study interrupts a trial's thread to cancel it (the trial then logs
 * its failure), which would leave every other trial of the study without a log. The channel only takes the lock.
 */
public final class TrialLog implements Closeable {
    private static final ObjectMapper JSON = JsonMapper.builder()
            // a diverged trial's metric is NaN, which JSON lacks: written as the string "NaN", read back as NaN
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Path file;
    /** Closing it releases the lock its channel holds. */
    private final RandomAccessFile out;

    private TrialLog(Path file, RandomAccessFile out) {
        this.file = file;
        this.out = out;
    }

    /**
     * Opens the log for appending, creating it (and its folder) if absent and cutting off a torn last line. The
     * file stays locked until {@link #close}, so a second tune process on the same study folder is refused instead
     * of interleaving its trials with this one's.
     *
     * @throws IllegalStateException when another process (or another open log in this JVM) holds the study
     */
    public static TrialLog open(Path file) {
        RandomAccessFile out = null;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            out = new RandomAccessFile(file.toFile(), "rw");
            if (!lock(out.getChannel())) {
                out.close();
                throw new IllegalStateException("the trial log " + file + " is held by another tune run of the same"
                        + " study; wait for it to end, or give this run another study folder");
            }
            out.setLength(completeLength(out));
            out.getFD().sync();
            out.seek(out.length());
            return new TrialLog(file, out);
        } catch (IOException e) {
            closeQuietly(out);
            throw new UncheckedIOException("cannot open the trial log " + file + ": " + e.getMessage(), e);
        }
    }

    /** Takes the whole file's lock; false if another holder has it (in this JVM or another process). */
    private static boolean lock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock() != null;
        } catch (OverlappingFileLockException e) {
            return false;
        }
    }

    private static void closeQuietly(RandomAccessFile out) {
        if (out != null) {
            try {
                out.close();
            } catch (IOException suppressed) {
                // the open already failed; its error is the one to report
            }
        }
    }

    /** Appends one event as one line and forces it to disk. Safe to call from several trial threads. */
    public synchronized void append(TrialEvent event) {
        byte[] line;
        try {
            line = (JSON.writeValueAsString(event) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + event + " as JSON", e);
        }
        try {
            out.write(line);
            out.getFD().sync();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the trial log " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the trial log " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every complete event of the log, in order; an absent file has none. */
    public static List<TrialEvent> read(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trial log " + file + ": " + e.getMessage(), e);
        }
        List<TrialEvent> events = new ArrayList<>();
        int lineNumber = 0;
        int start = 0;
        // only lines ended by a newline count: the rest is a torn last write
        for (int end = text.indexOf('\n'); end >= 0; start = end + 1, end = text.indexOf('\n', start)) {
            lineNumber++;
            String line = text.substring(start, end);
            if (line.isBlank()) {
                continue;
            }
            try {
                events.add(JSON.readValue(line, TrialEvent.class));
            } catch (JsonProcessingException e) {
                throw new DataException("trial log " + file + " line " + lineNumber + " is not a trial event ("
                        + e.getOriginalMessage() + "): " + abbreviate(line), e);
            }
        }
        return events;
    }

    /** The length of the log up to and including its last newline. */
    private static long completeLength(RandomAccessFile in) throws IOException {
        for (long at = in.length() - 1; at >= 0; at--) {
            in.seek(at);
            if (in.read() == '\n') {
                return at + 1;
            }
        }
        return 0;
    }

    private static String abbreviate(String line) {
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }
}
