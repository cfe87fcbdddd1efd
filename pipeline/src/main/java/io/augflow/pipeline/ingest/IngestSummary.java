package io.augflow.pipeline.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.TreeMap;

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

    public double badFraction() {
        return rowsIn == 0 ? 0 : (double) rowsQuarantined / rowsIn;
    }
}
