package io.augflow.pipeline.stream;

import io.augflow.augment.Box;
import java.util.List;

/**
 * One dataset row as read from Parquet, still encoded: what a shard holds before decoding.
 *
 * @param label the image-level class, or {@link io.augflow.augment.Sample#NO_LABEL}
 */
public record SourceRow(String id, byte[] image, int channels, int label, List<Box> boxes, String split,
        String source) {

    /**
     * The classes this row stands for: its label, else the classes of its boxes that are not crowd regions
     * (sorted, distinct), as {@link io.augflow.pipeline.stats.ImageClasses#of} says for dataset rows.
     */
    public int[] classes() {
        if (label >= 0) {
            return new int[] {label};
        }
        return boxes.stream().filter(b -> !b.crowd()).mapToInt(Box::classId).distinct().sorted().toArray();
    }

    /** True when a box that is not a crowd region has an area below {@code area}. */
    public boolean hasObjectSmallerThan(double area) {
        return boxes.stream().anyMatch(b -> !b.crowd() && b.area() < area);
    }
}
