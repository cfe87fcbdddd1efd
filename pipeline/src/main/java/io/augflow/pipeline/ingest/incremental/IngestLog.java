package io.augflow.pipeline.ingest.incremental;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.augflow.augment.DataException;
import io.augflow.pipeline.output.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The {@code _ingest_log} folder inside a dataset: one {@link IngestLogEntry} per committed streaming batch, as
 * {@code batch-<id>.json}. The leading underscore makes Spark and other Parquet readers skip the folder. A marker
 * is written to a hidden name and renamed into place, so a reader (or a rerun) never sees half of one.
 */
public final class IngestLog {
    public static final String FOLDER = "_ingest_log";
    private static final Pattern MARKER = Pattern.compile("batch-(\\d+)\\.json");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final FileSystem fs;
    private final Path dir;

    public IngestLog(String dataset, Configuration hadoop) {
        Path d = new Path(dataset, FOLDER);
        try {
            this.fs = d.getFileSystem(hadoop);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the file system of " + dataset, e);
        }
        this.dir = fs.makeQualified(d);
    }

    public static String fileName(long batchId) {
        return "batch-" + batchId + ".json";
    }

    public Path path(long batchId) {
        return new Path(dir, fileName(batchId));
    }

    /** The marker of this batch, empty when the batch is not committed. */
    public Optional<IngestLogEntry> read(long batchId) {
        try {
            return fs.exists(path(batchId)) ? Optional.of(read(path(batchId))) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + path(batchId), e);
        }
    }

    /** Every committed batch, by batch id; empty when the dataset has no log. */
    public List<IngestLogEntry> readAll() {
        try {
            if (!fs.exists(dir)) {
                return List.of();
            }
            List<IngestLogEntry> entries = new ArrayList<>();
            for (FileStatus s : fs.listStatus(dir)) {
                if (s.isFile() && MARKER.matcher(s.getPath().getName()).matches()) {
                    entries.add(read(s.getPath()));
                }
            }
            entries.sort(Comparator.comparingLong(IngestLogEntry::batchId));
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** Writes the marker: the batch's commit. Refuses to replace one (a batch commits once). */
    void commit(IngestLogEntry entry) {
        Path target = path(entry.batchId());
        try {
            if (fs.exists(target)) {
                throw new IllegalStateException(target + " exists: batch " + entry.batchId() + " was committed before");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + target, e);
        }
        AtomicFile.replace(target, out -> JSON.writeValue(out, entry), fs);
    }

    private IngestLogEntry read(Path p) throws IOException {
        try (InputStream in = fs.open(p)) {
            return JSON.readValue(in, IngestLogEntry.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DataException(p + " is not an ingest log marker: " + e.getOriginalMessage(), e);
        }
    }
}
