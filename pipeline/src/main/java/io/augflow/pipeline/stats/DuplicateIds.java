package io.augflow.pipeline.stats;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Ids that occur on more than one row, over all splits (an id in both train and test is a leak).
 *
 * @param ids distinct ids that occur more than once
 * @param extraRows rows beyond the first of each such id
 * @param examples the first few such ids in sort order
 */
public record DuplicateIds(
        @JsonProperty("ids") long ids,
        @JsonProperty("extraRows") long extraRows,
        @JsonProperty("examples") List<String> examples) {

    public DuplicateIds {
        examples = List.copyOf(examples);
    }
}
