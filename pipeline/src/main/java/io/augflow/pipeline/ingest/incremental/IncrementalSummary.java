package io.augflow.pipeline.ingest.incremental;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.augflow.pipeline.ingest.ClassSplitCounts;
import io.augflow.pipeline.ingest.IngestSummary;
import io.augflow.pipeline.output.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code _ingest_summary.json} as the dataset's lifetime totals once it is fed incrementally: the one-shot
 * ingest that created it (if one did) plus every batch in {@code _ingest_log}. The log is the source of truth; this
 * file is derived from it, rewritten at the end of every run, so a run that crashed after its last marker is
 * caught up by the next one. It keeps {@link IngestSummary}'s fields (so statistics and the report read it as
 * before), adds {@value #LOG_BATCHES} and, for a dataset created by a one-shot ingest, that ingest's own summary
 * under {@value #ONE_SHOT} (so the totals can be recomputed again later).
 */
final class IncrementalSummary {
    static final String LOG_BATCHES = "ingestLogBatches";
    static final String ONE_SHOT = "oneShotIngest";
    private static final Logger LOG = LoggerFactory.getLogger(IncrementalSummary.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private IncrementalSummary() {}

    /**
     * Rewrites the summary from the log; does nothing when the log is empty (a one-shot summary stays as it is).
     *
     * @return the totals written, or null when nothing was written
     */
    static IngestSummary refresh(FileSystem fs, Path dataset, Path quarantine, String name, String layout,
            String landing, int classes, String split, long splitSeed, List<IngestLogEntry> log) {
        if (log.isEmpty()) {
            return null;
        }
        Path path = new Path(dataset, IngestSummary.FILE_NAME);
        JsonNode oneShot = oneShot(fs, path);
        IngestSummary base = null;
        if (oneShot != null) {
            try {
                base = JSON.treeToValue(oneShot, IngestSummary.class);
            } catch (IOException | RuntimeException e) {
                LOG.warn("{}: the one-shot ingest's counts cannot be read ({}); totals count the ingest log only", path,
                        e.getMessage());
                oneShot = null;
            }
        }
        long rowsIn = base == null ? 0 : base.rowsIn();
        long written = base == null ? 0 : base.rowsWritten();
        long quarantined = base == null ? 0 : base.rowsQuarantined();
        long millis = base == null ? 0 : base.durationMillis();
        Map<String, Long> byReason = new TreeMap<>(base == null ? Map.of() : base.quarantinedByReason());
        Map<String, Long> bySplit = new TreeMap<>(base == null ? Map.of() : base.writtenBySplit());
        Map<String, Long> bySource = new TreeMap<>(base == null ? Map.of() : base.writtenBySplitSource());
        Map<String, Map<String, Long>> byClass = base == null ? Map.of() : base.writtenByClassAndSplit();
        for (IngestLogEntry e : log) {
            rowsIn += e.rowsIn();
            written += e.rowsWritten();
            quarantined += e.rowsQuarantined();
            millis += e.durationMillis();
            e.quarantinedByReason().forEach((k, v) -> byReason.merge(k, v, Long::sum));
            e.writtenBySplit().forEach((k, v) -> bySplit.merge(k, v, Long::sum));
            e.writtenBySplitSource().forEach((k, v) -> bySource.merge(k, v, Long::sum));
            byClass = ClassSplitCounts.merge(byClass, e.writtenByClassAndSplit());
        }
        if (bySource.values().stream().mapToLong(Long::longValue).sum() != written) {
            bySource.clear(); // an older one-shot summary or log entry did not count them: say nothing rather than wrong
        }
        String started = base != null ? base.startedAt() : log.get(0).startedAt();
        IngestSummary totals = new IngestSummary(name, layout, landing, dataset.toString(), quarantine.toString(),
                classes, rowsIn, written, quarantined, byReason, bySplit, split, splitSeed, bySource, byClass, started,
                millis);
        ObjectNode node = JSON.valueToTree(totals);
        node.put(LOG_BATCHES, log.size());
        if (oneShot != null) {
            node.set(ONE_SHOT, oneShot);
        }
        write(fs, path, node);
        return totals;
    }

    /** The one-shot ingest's summary: the file itself when a one-shot ingest wrote it, else what we kept of it. */
    private static JsonNode oneShot(FileSystem fs, Path path) {
        try {
            if (!fs.exists(path)) {
                return null;
            }
            JsonNode current;
            try (InputStream in = fs.open(path)) {
                current = JSON.readTree(in);
            }
            if (!current.has(LOG_BATCHES)) {
                return current;
            }
            JsonNode kept = current.get(ONE_SHOT);
            return kept == null || kept.isNull() ? null : kept;
        } catch (IOException e) {
            LOG.warn("{} cannot be read ({}); totals count the ingest log only", path, e.getMessage());
            return null;
        }
    }

    private static void write(FileSystem fs, Path path, JsonNode node) {
        AtomicFile.replace(path, out -> JSON.writeValue(out, node), fs);
    }
}
