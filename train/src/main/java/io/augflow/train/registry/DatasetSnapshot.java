package io.augflow.train.registry;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data a version was trained on, as it was at training time: enough to tell two versions' data apart
 * and to see which ingested files a retrain added.
 *
 * @param path          the dataset folder
 * @param rows          rows read for training
 * @param rowsByClass   rows per class name, in the dataset's class order (empty when unknown)
 * @param ingestedFiles the source files ingested into the dataset (empty when unknown)
 */
public record DatasetSnapshot(
        @JsonProperty("path") String path,
        @JsonProperty("rows") long rows,
        @JsonProperty("rowsByClass") Map<String, Long> rowsByClass,
        @JsonProperty("ingestedFiles") List<String> ingestedFiles) {

    public DatasetSnapshot {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("dataset.path must be set, got " + (path == null ? "null" : "\"\""));
        }
        if (rows < 0) {
            throw new IllegalArgumentException("dataset.rows must be >= 0, got " + rows);
        }
        rowsByClass = rowsByClass == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(rowsByClass));
        ingestedFiles = ingestedFiles == null ? List.of() : List.copyOf(ingestedFiles);
    }
}
