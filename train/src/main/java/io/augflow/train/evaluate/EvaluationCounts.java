package io.augflow.train.evaluate;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rows of an evaluated split, counted on the executors:
 * {@code rowsIn = evaluated + quarantined + unlabelled}.
 *
 * @param rowsIn      rows of the split
 * @param evaluated   rows the model scored
 * @param unlabelled  rows left out because they have no class (a classifier's background images, neither a label nor
 *                    a box); always 0 for a detector, for which background images are negatives
 * @param byReason    quarantined rows per reason (an image that does not decode: {@code UNDECODABLE})
 * @param examples    a few quarantined rows, {@code "id (source): reason: detail"}
 */
public record EvaluationCounts(
        @JsonProperty("rowsIn") long rowsIn,
        @JsonProperty("evaluated") long evaluated,
        @JsonProperty("unlabelled") long unlabelled,
        @JsonProperty("quarantinedByReason") Map<String, Long> byReason,
        @JsonProperty("quarantinedExamples") List<String> examples) {
    /** At most this many quarantined rows are named. */
    public static final int MAX_EXAMPLES = 10;

    public EvaluationCounts {
        byReason = java.util.Collections.unmodifiableMap(new TreeMap<>(byReason));
        examples = List.copyOf(examples);
        long quarantined = byReason.values().stream().mapToLong(Long::longValue).sum();
        if (rowsIn != evaluated + quarantined + unlabelled) {
            throw new IllegalStateException("evaluation counted " + rowsIn + " rows in but " + evaluated
                    + " evaluated + " + quarantined + " quarantined + " + unlabelled + " unlabelled");
        }
    }

    @JsonProperty("quarantined")
    public long quarantined() {
        return byReason.values().stream().mapToLong(Long::longValue).sum();
    }
}
