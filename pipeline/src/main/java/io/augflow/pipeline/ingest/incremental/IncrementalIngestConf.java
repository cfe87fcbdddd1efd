package io.augflow.pipeline.ingest.incremental;

import io.augflow.augment.conf.ConfBlock;
import io.augflow.pipeline.ingest.IngestConf;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * One incremental ingest run: the one-shot ingest's settings ({@link IngestConf}: {@code input} is the landing
 * folder, {@code output} the dataset to append to, validation settings as in batch ingest) plus where the stream
 * keeps its progress. Checked on the driver when built.
 *
 * <p>Keys ({@link #from}, under {@code augflow.ingest.incremental}) and defaults:
 * <pre>
 * checkpoint            ""   the streaming checkpoint folder; "" = {@code <output>_ingest_checkpoint}
 * max-files-per-batch   0    arrival files per streaming batch (several batches per run); 0 = all in one batch
 * </pre>
 * {@code overwrite} does not apply (a run appends) and {@code max-bad-fraction} only warns: refusing a batch would
 * refuse it again on every rerun, so bad files are quarantined and counted instead.
 */
public record IncrementalIngestConf(IngestConf ingest, String checkpoint, int maxFilesPerBatch) implements Serializable {
    public static final String CHECKPOINT = "checkpoint";
    public static final String MAX_FILES_PER_BATCH = "max-files-per-batch";
    /** The default checkpoint of dataset {@code X} is the sibling folder {@code X_ingest_checkpoint}. */
    public static final String CHECKPOINT_SUFFIX = "_ingest_checkpoint";

    public IncrementalIngestConf {
        if (ingest == null) {
            throw new IllegalArgumentException("ingest settings must be set");
        }
        if (ingest.overwrite()) {
            throw new IllegalArgumentException("overwrite must be false for an incremental ingest, which appends to "
                    + ingest.output());
        }
        checkpoint = checkpoint == null || checkpoint.isBlank() ? defaultCheckpoint(ingest.output()) : checkpoint;
        if (maxFilesPerBatch < 0) {
            throw new IllegalArgumentException("augflow.ingest.incremental." + MAX_FILES_PER_BATCH + " must be >= 0, got " + maxFilesPerBatch);
        }
        for (Map.Entry<String, String> e : Map.of("output", ingest.output(), CHECKPOINT, checkpoint).entrySet()) {
            if (isSameOrUnder(e.getValue(), ingest.input())) {
                throw new IllegalArgumentException(e.getKey() + " must be outside the landing folder " + ingest.input()
                        + " (its files would be ingested), got " + e.getValue());
            }
        }
        if (isSameOrUnder(checkpoint, ingest.output())) {
            throw new IllegalArgumentException(CHECKPOINT + " must be outside the dataset " + ingest.output()
                    + ", got " + checkpoint);
        }
    }

    public static String defaultCheckpoint(String output) {
        String trimmed = output.endsWith("/") ? output.substring(0, output.length() - 1) : output;
        return trimmed + CHECKPOINT_SUFFIX;
    }

    /**
     * Reads the {@code ingest.incremental} block (keys of the class comment); unknown keys are refused so typos do
     * not pass silently, errors name the full key.
     */
    public static IncrementalIngestConf from(IngestConf ingest, ConfBlock block) {
        block.rejectUnknown(List.of(CHECKPOINT, MAX_FILES_PER_BATCH));
        return new IncrementalIngestConf(ingest, block.string(CHECKPOINT, ""), block.integer(MAX_FILES_PER_BATCH, 0));
    }

    /**
     * Path arithmetic only (no file system): {@code a} equals {@code b} or lies below it. Scheme-less paths are taken
     * relative to the working directory, as the local file system reads them.
     */
    static boolean isSameOrUnder(String a, String b) {
        String pa = absolute(a);
        String pb = absolute(b);
        String prefix = pb.endsWith("/") ? pb : pb + "/";
        return pa.equals(pb) || pa.startsWith(prefix);
    }

    private static String absolute(String p) {
        java.net.URI uri = new Path(p).toUri();
        if (uri.getScheme() != null && !uri.getScheme().equals("file")) {
            return uri.getScheme() + "://" + uri.getAuthority() + uri.getPath();
        }
        return java.nio.file.Path.of(uri.getPath()).toAbsolutePath().normalize().toString();
    }
}
