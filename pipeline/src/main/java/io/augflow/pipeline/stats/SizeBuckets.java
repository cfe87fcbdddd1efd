package io.augflow.pipeline.stats;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Object counts by COCO size bucket: small (area &lt; small-area), medium (&lt; medium-area), large. */
public record SizeBuckets(
        @JsonProperty("small") long small,
        @JsonProperty("medium") long medium,
        @JsonProperty("large") long large) {

    public long total() {
        return small + medium + large;
    }
}
