package io.augflow.pipeline.ingest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * What one ingest run did, written as {@code _ingest_summary.json} inside the dataset and returned to the caller.
 * The counts come from what was written, and {@code rowsIn = rowsWritten + rowsQuarantined} always holds (the job
 * fails otherwise). Maps are sorted (classes in id order) so the JSON is stable.
 *
 * @param split the {@code split} fractions rows without a layout split were drawn by; "" when none were set
 * @param splitSeed the seed of those draws
 * @param writtenBySplitSource written rows by where their split came from: {@code layout} (split folders, IDX
 *     prefixes), {@code assigned} (drawn by {@code split}), {@code default-split}
 * @param writtenByClassAndSplit written images per class name, per split ({@link ClassSplitCounts})
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
        @JsonProperty("split") String split,
        @JsonProperty("splitSeed") long splitSeed,
        @JsonProperty("writtenBySplitSource") Map<String, Long> writtenBySplitSource,
        @JsonProperty("writtenByClassAndSplit") Map<String, Map<String, Long>> writtenByClassAndSplit,
        @JsonProperty("startedAt") String startedAt,
        @JsonProperty("durationMillis") long durationMillis) {

    public static final String FILE_NAME = "_ingest_summary.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Summaries written before the split fields existed read with them empty. */
    @JsonCreator
    public IngestSummary {
        quarantinedByReason = new TreeMap<>(quarantinedByReason);
        writtenBySplit = new TreeMap<>(writtenBySplit);
        split = split == null ? "" : split;
        writtenBySplitSource = new TreeMap<>(writtenBySplitSource == null ? Map.of() : writtenBySplitSource);
        Map<String, Map<String, Long>> byClass = new LinkedHashMap<>();
        if (writtenByClassAndSplit != null) {
            writtenByClassAndSplit.forEach((c, m) -> byClass.put(c, new TreeMap<>(m)));
        }
        writtenByClassAndSplit = byClass;
        long byReason = quarantinedByReason.values().stream().mapToLong(Long::longValue).sum();
        if (rowsIn != rowsWritten + rowsQuarantined || byReason != rowsQuarantined) {
            throw new IllegalStateException("ingest counts do not add up: " + rowsIn + " rows in, " + rowsWritten
                    + " written, " + rowsQuarantined + " quarantined (" + byReason + " by reason " + quarantinedByReason
                    + "); rows were lost or duplicated");
        }
        long bySource = writtenBySplitSource.values().stream().mapToLong(Long::longValue).sum();
        if (!writtenBySplitSource.isEmpty() && bySource != rowsWritten) {
            throw new IllegalStateException("ingest counts do not add up: " + rowsWritten + " rows written but "
                    + bySource + " by split source " + writtenBySplitSource);
        }
    }

    /** A summary without the split details (as written before they existed). */
    public IngestSummary(String dataset, String layout, String input, String output, String quarantine, int classes,
            long rowsIn, long rowsWritten, long rowsQuarantined, Map<String, Long> quarantinedByReason,
            Map<String, Long> writtenBySplit, String startedAt, long durationMillis) {
        this(dataset, layout, input, output, quarantine, classes, rowsIn, rowsWritten, rowsQuarantined,
                quarantinedByReason, writtenBySplit, "", 0, Map.of(), Map.of(), startedAt, durationMillis);
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

    /** What the command line prints: the counts, where the splits came from, and the two output folders. */
    public String describe() {
        return String.format(Locale.ROOT, "ingested %s: %d rows in, %d written %s, %d quarantined %s%n"
                        + "  splits:     %s%n  dataset:    %s%n  quarantine: %s", layout, rowsIn, rowsWritten,
                writtenBySplit, rowsQuarantined, quarantinedByReason, describeSplitSources(), output, quarantine);
    }

    /** E.g. "38 rows drawn by split train=0.8,val=0.1,test=0.1 (seed 42); 2 kept the split their layout names". */
    String describeSplitSources() {
        List<String> parts = new ArrayList<>();
        long assigned = writtenBySplitSource.getOrDefault(SplitSource.ASSIGNED.configName(), 0L);
        long layoutNamed = writtenBySplitSource.getOrDefault(SplitSource.LAYOUT.configName(), 0L);
        long defaulted = writtenBySplitSource.getOrDefault(SplitSource.DEFAULT.configName(), 0L);
        if (assigned > 0) {
            parts.add(assigned + " rows drawn by split " + split + " (seed " + splitSeed + ")");
        }
        if (layoutNamed > 0) {
            parts.add(layoutNamed + " kept the split their layout names");
        }
        if (defaulted > 0) {
            parts.add(defaulted + " in default-split (their layout names none; see --split)");
        }
        return parts.isEmpty() ? "no rows written" : String.join("; ", parts);
    }
}
