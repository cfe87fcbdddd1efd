package io.augflow.pipeline.ingest.incremental;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one incremental run did: the batches it committed (empty when nothing new had landed), how many replayed
 * batches it found already committed, and the dataset's row count afterwards.
 */
public record IncrementalIngestResult(String landing, String dataset, List<IngestLogEntry> batches,
        int alreadyCommitted, long datasetRows) {

    public IncrementalIngestResult {
        batches = List.copyOf(batches);
    }

    public boolean nothingNew() {
        return batches.isEmpty();
    }

    public long filesSeen() {
        return batches.stream().mapToLong(b -> b.files().size()).sum();
    }

    public long rowsIn() {
        return batches.stream().mapToLong(IngestLogEntry::rowsIn).sum();
    }

    public long rowsWritten() {
        return batches.stream().mapToLong(IngestLogEntry::rowsWritten).sum();
    }

    public long rowsQuarantined() {
        return batches.stream().mapToLong(IngestLogEntry::rowsQuarantined).sum();
    }

    public Map<String, Long> quarantinedByReason() {
        Map<String, Long> byReason = new TreeMap<>();
        batches.forEach(b -> b.quarantinedByReason().forEach((k, v) -> byReason.merge(k, v, Long::sum)));
        return byReason;
    }

    /** Rows written by split over this run's batches. */
    public Map<String, Long> writtenBySplit() {
        Map<String, Long> bySplit = new TreeMap<>();
        batches.forEach(b -> b.writtenBySplit().forEach((k, v) -> bySplit.merge(k, v, Long::sum)));
        return bySplit;
    }

    /** The one line the CLI prints. */
    public String describe() {
        String replayed = alreadyCommitted == 0 ? "" : String.format(Locale.ROOT,
                " (%d interrupted batch%s found committed already)", alreadyCommitted, alreadyCommitted == 1 ? "" : "es");
        if (nothingNew()) {
            return String.format(Locale.ROOT, "incremental ingest of %s: nothing new%s; %s holds %d rows", landing,
                    replayed, dataset, datasetRows);
        }
        return String.format(Locale.ROOT, "incremental ingest of %s: %d new files in %d batch%s, %d rows written, "
                        + "%d quarantined %s%s; written by split %s; %s holds %d rows", landing, filesSeen(),
                batches.size(), batches.size() == 1 ? "" : "es", rowsWritten(), rowsQuarantined(),
                quarantinedByReason(), replayed, writtenBySplit(), dataset, datasetRows);
    }
}
