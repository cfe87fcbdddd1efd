package io.augflow.jobs.trainreport;

import io.augflow.augment.Sample;
import java.util.Map;
import java.util.Set;

/** Where the report's test pictures come from: the decoded samples of a few ids, never the whole dataset. */
@FunctionalInterface
interface SampleSource {
    /** The samples of {@code ids} found, by id; an id the source does not hold is left out. */
    Map<String, Sample> samples(Set<String> ids);
}
