package io.augflow.pipeline.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * What one ingest run did, written as {@code _ingest_summary.json} inside the dataset and returned to the caller.
 * The counts come from what was written, and {@code rowsIn = rowsWritten + rowsQuarantined} always holds (the job
 * fails otherwise). Maps are sorted so the JSON is stable.
 */
public record IngestSummary(
        @JsonProperty("dataset") String dataset,
        @JsonProperty("layout") String layout,
        @JsonProperty("input") String input,
        @JsonProperty("output") String output,
        @JsonProperty("quarantine") String quarantine,
        @JsonProperty("classes") int classes,
        @JsonProperty("rowsIn") long rowsIn,
        @JsonProperty("rowsWritten") long rowsWritten,
        @JsonProperty("rowsQuarantined") long rowsQuarantined,
        @JsonProperty("quarantinedByReason") Map<String, Long> quarantinedByReason,
        @JsonProperty("writtenBySplit") Map<String, Long> writtenBySplit,
        @JsonProperty("startedAt") String startedAt,
        @JsonProperty("durationMillis") long durationMillis) {

    public static final String FILE_NAME = "_ingest_summary.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public IngestSummary {
        quarantinedByReason = new TreeMap<>(quarantinedByReason);
        writtenBySplit = new TreeMap<>(writtenBySplit);
        long byReason = quarantinedByReason.values().stream().mapToLong(Long::longValue).sum();
        if (rowsIn != rowsWritten + rowsQuarantined || byReason != rowsQuarantined) {
            throw new IllegalStateException("ingest counts do not add up: " + rowsIn + " rows in, " + rowsWritten
                    + " written, " + rowsQuarantined + " quarantined (" + byReason + " by reason " + quarantinedByReason
                    + "); rows were lost or duplicated");
        }
    }

    /** Writes this summary as {@code dir/_ingest_summary.json}, replacing one that is there. */
    public void write(String dir, Configuration hadoop) {
        Path path = new Path(dir, FILE_NAME);
        try (OutputStream out = path.getFileSystem(hadoop).create(path, true)) {
            JSON.writeValue(out, this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    public double badFraction() {
        return rowsIn == 0 ? 0 : (double) rowsQuarantined / rowsIn;
    }
}
