package io.augflow.train.registry;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a registered version records about how it came to be: its lineage, data, configuration and scores.
 * Stored as {@code versions/vNNNN/version.json}, written last, so its presence marks the version complete.
 *
 * @param parentVersion the version this one was compared against or fine-tuned from; {@code null} for none
 * @param dataset       the training data as it was
 * @param configHash    SHA-256 of the resolved configuration of the training run
 * @param seed          the run's seed
 * @param metrics       scores on the test split by name ({@code accuracy}, {@code macro_f1}, ...), in order
 * @param created       when the version was registered
 * @param trainedFrom   {@code "scratch"}, or the version whose weights training started from ({@code "v0003"})
 * @param note          free text (empty when none)
 */
public record VersionMetadata(
        @JsonProperty("parentVersion") Integer parentVersion,
        @JsonProperty("dataset") DatasetSnapshot dataset,
        @JsonProperty("configHash") String configHash,
        @JsonProperty("seed") long seed,
        @JsonProperty("metrics") Map<String, Double> metrics,
        @JsonProperty("created") Instant created,
        @JsonProperty("trainedFrom") String trainedFrom,
        @JsonProperty("note") String note) {

    /** The value of {@link #trainedFrom()} for a model trained from random initial weights. */
    public static final String SCRATCH = "scratch";
    private static final Pattern TRAINED_FROM = Pattern.compile(SCRATCH + "|v\\d{4,}");

    public VersionMetadata {
        if (parentVersion != null && parentVersion < 1) {
            throw new IllegalArgumentException("parentVersion must be >= 1 or null, got " + parentVersion);
        }
        if (dataset == null) {
            throw new IllegalArgumentException("dataset must be set, got null");
        }
        if (configHash == null) {
            throw new IllegalArgumentException("configHash must be set, got null");
        }
        if (created == null) {
            throw new IllegalArgumentException("created must be set, got null");
        }
        if (trainedFrom == null || !TRAINED_FROM.matcher(trainedFrom).matches()) {
            throw new IllegalArgumentException("trainedFrom must be \"scratch\" or a version such as \"v0003\", got "
                    + (trainedFrom == null ? "null" : "\"" + trainedFrom + "\""));
        }
        metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        note = note == null ? "" : note;
    }
}
