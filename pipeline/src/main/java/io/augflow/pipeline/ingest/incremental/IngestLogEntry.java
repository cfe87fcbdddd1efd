package io.augflow.pipeline.ingest.incremental;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one committed streaming batch added: {@code _ingest_log/batch-<id>.json} inside the dataset, written last,
 * so its presence is the batch's commit. {@code files} lists the landed arrival files the batch consumed
 * (qualified paths, as in the rows' {@code source}): what a model trained on the dataset since this batch has seen.
 * {@code rowsIn = rowsWritten + rowsQuarantined} and the reasons add up (checked when built, so never written
 * otherwise).
 *
 * @param queryId the streaming query (its checkpoint) that wrote the batch; a dataset is fed by one checkpoint
 * @param datasetFiles Parquet files the batch added to the dataset (names, batch id inside)
 * @param quarantineFiles Parquet files it added to the quarantine
 * @param writtenBySplitSource written rows by where their split came from (layout, assigned, default-split); empty
 *     in entries written before it existed
 * @param writtenByClassAndSplit written images per class, per split; empty in entries written before it existed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IngestLogEntry(
        @JsonProperty("batchId") long batchId,
        @JsonProperty("queryId") String queryId,
        @JsonProperty("checkpoint") String checkpoint,
        @JsonProperty("layout") String layout,
        @JsonProperty("landing") String landing,
        @JsonProperty("files") List<String> files,
        @JsonProperty("rowsIn") long rowsIn,
        @JsonProperty("rowsWritten") long rowsWritten,
        @JsonProperty("rowsQuarantined") long rowsQuarantined,
        @JsonProperty("quarantinedByReason") Map<String, Long> quarantinedByReason,
        @JsonProperty("writtenBySplit") Map<String, Long> writtenBySplit,
        @JsonProperty("datasetFiles") List<String> datasetFiles,
        @JsonProperty("quarantineFiles") List<String> quarantineFiles,
        @JsonProperty("writtenBySplitSource") Map<String, Long> writtenBySplitSource,
        @JsonProperty("writtenByClassAndSplit") Map<String, Map<String, Long>> writtenByClassAndSplit,
        @JsonProperty("startedAt") String startedAt,
        @JsonProperty("committedAt") String committedAt,
        @JsonProperty("durationMillis") long durationMillis) {

    public IngestLogEntry {
        files = List.copyOf(files);
        datasetFiles = List.copyOf(datasetFiles);
        quarantineFiles = List.copyOf(quarantineFiles);
        quarantinedByReason = new TreeMap<>(quarantinedByReason);
        writtenBySplit = new TreeMap<>(writtenBySplit);
        writtenBySplitSource = new TreeMap<>(writtenBySplitSource == null ? Map.of() : writtenBySplitSource);
        Map<String, Map<String, Long>> byClass = new java.util.LinkedHashMap<>();
        if (writtenByClassAndSplit != null) {
            writtenByClassAndSplit.forEach((c, m) -> byClass.put(c, new TreeMap<>(m)));
        }
        writtenByClassAndSplit = byClass;
        long byReason = quarantinedByReason.values().stream().mapToLong(Long::longValue).sum();
        long bySplit = writtenBySplit.values().stream().mapToLong(Long::longValue).sum();
        if (rowsIn != rowsWritten + rowsQuarantined || byReason != rowsQuarantined || bySplit != rowsWritten) {
            throw new IllegalStateException("batch " + batchId + " counts do not add up: " + rowsIn + " rows in, "
                    + rowsWritten + " written (" + bySplit + " by split " + writtenBySplit + "), " + rowsQuarantined
                    + " quarantined (" + byReason + " by reason " + quarantinedByReason + "); rows were lost or "
                    + "duplicated, nothing is committed");
        }
    }
}
