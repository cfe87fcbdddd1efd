package io.augflow.pipeline.stats;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link DatasetStatistics} measured: a small, immutable, JSON-serialisable value (one entry per
 * class), the fitted input of sampling plans, class weights and reports.
 *
 * @param conf what was measured and how
 * @param images rows counted (rows of the configured splits)
 * @param objects boxes counted
 * @param unclassifiedImages rows with neither a label nor a box (background)
 * @param imagesWithSmall rows with at least one small box
 * @param sizes all boxes by COCO size bucket
 * @param classes one entry per class, ascending id; includes known classes with no image
 * @param imbalanceRatio largest / smallest {@code images} over classes that have images; 1 with fewer than two
 * @param emptyClasses known classes with no image
 * @param duplicates ids on more than one row, over all splits
 * @param ingest the ingest's quarantine counts, {@code present = false} when unknown
 */
public record DatasetStats(
        @JsonProperty("conf") StatsConf conf,
        @JsonProperty("images") long images,
        @JsonProperty("objects") long objects,
        @JsonProperty("unclassifiedImages") long unclassifiedImages,
        @JsonProperty("imagesWithSmall") long imagesWithSmall,
        @JsonProperty("sizes") SizeBuckets sizes,
        @JsonProperty("classes") List<ClassStats> classes,
        @JsonProperty("imbalanceRatio") double imbalanceRatio,
        @JsonProperty("emptyClasses") List<Integer> emptyClasses,
        @JsonProperty("duplicates") DuplicateIds duplicates,
        @JsonProperty("ingest") QuarantineCounts ingest) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public DatasetStats {
        classes = List.copyOf(classes);
        emptyClasses = List.copyOf(emptyClasses);
        for (int i = 1; i < classes.size(); i++) {
            if (classes.get(i).classId() <= classes.get(i - 1).classId()) {
                throw new IllegalArgumentException("classes must be in ascending, distinct id order, got "
                        + classes.get(i - 1).classId() + " before " + classes.get(i).classId());
            }
        }
    }

    /** The same statistics with the ingest's quarantine counts attached. */
    public DatasetStats withIngest(QuarantineCounts summary) {
        return new DatasetStats(conf, images, objects, unclassifiedImages, imagesWithSmall, sizes, classes,
                imbalanceRatio, emptyClasses, duplicates, summary);
    }

    /** The entry of {@code classId}; an all-zero entry for a class never seen. */
    public ClassStats classStats(int classId) {
        for (ClassStats c : classes) {
            if (c.classId() == classId) {
                return c;
            }
        }
        return new ClassStats(classId, 0, 0, 0, 0, 0, new SizeBuckets(0, 0, 0), 0, 0);
    }

    /** Images by class (every class an image belongs to), for the primary-class rule of {@link ImageClasses}. */
    public Map<Integer, Long> imagesByClass() {
        Map<Integer, Long> m = new TreeMap<>();
        classes.forEach(c -> m.put(c.classId(), c.images()));
        return m;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("statistics do not serialise", e);
        }
    }

    public static DatasetStats fromJson(String json) {
        try {
            return JSON.readValue(json, DatasetStats.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a statistics JSON: " + e.getOriginalMessage(), e);
        }
    }
}
