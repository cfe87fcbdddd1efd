package io.augflow.pipeline.stats;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augflow.augment.DataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The quarantine counts of the ingest that wrote a dataset, from its {@code _ingest_summary.json} when
 * there is one ({@link io.augflow.pipeline.ingest.IngestSummary} writes it). Read loosely: unknown fields are ignored and missing ones read as 0 / empty (a bare number for {@code quarantined} reads as reason "total"), so the
 * statistics do not break when the ingest summary grows. {@code present} is false when the file is absent.
 *
 * @param rowsIn rows the ingest read
 * @param written rows it wrote to the dataset
 * @param quarantined rows it set aside, by reason
 */
public record QuarantineCounts(
        @JsonProperty("present") boolean present,
        @JsonProperty("rowsIn") long rowsIn,
        @JsonProperty("written") long written,
        @JsonProperty("quarantined") Map<String, Long> quarantined) {

    public static final String FILE_NAME = "_ingest_summary.json";
    private static final QuarantineCounts ABSENT = new QuarantineCounts(false, 0, 0, Map.of());
    private static final ObjectMapper JSON = new ObjectMapper();

    public QuarantineCounts {
        quarantined = Map.copyOf(quarantined);
    }

    public static QuarantineCounts absent() {
        return ABSENT;
    }

    public long quarantinedTotal() {
        return quarantined.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The summary of the dataset in {@code datasetDir}, or {@link #absent()} when it has none. */
    public static QuarantineCounts read(String datasetDir, Configuration hadoop) {
        Path path = new Path(datasetDir, FILE_NAME);
        try {
            FileSystem fs = path.getFileSystem(hadoop);
            if (!fs.exists(path)) {
                return ABSENT;
            }
            try (InputStream in = fs.open(path)) {
                return parse(JSON.readTree(in));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DataException(path + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    static QuarantineCounts parse(JsonNode root) {
        Map<String, Long> quarantined = new TreeMap<>();
        // the ingest job writes rowsWritten / quarantinedByReason (io.augflow.pipeline.ingest.IngestSummary)
        JsonNode q = root.has("quarantinedByReason") ? root.path("quarantinedByReason") : root.path("quarantined");
        if (q.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = q.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isNumber()) {
                    quarantined.put(e.getKey(), e.getValue().asLong());
                }
            }
        } else if (q.isNumber()) {
            quarantined.put("total", q.asLong());
        }
        return new QuarantineCounts(true, root.path("rowsIn").asLong(0), root.path(root.has("rowsWritten") ? "rowsWritten" : "written").asLong(0), quarantined);
    }
}
