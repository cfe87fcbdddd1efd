package io.augflow.pipeline.stats;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One class of a dataset (see {@link ImageClasses} for which images belong to a class).
 *
 * @param images images that belong to the class
 * @param primaryImages images whose primary (rarest) class this is: the unit that sampling plans make exact
 * @param objects boxes of the class
 * @param imageShare {@code images} / all images counted
 * @param objectShare {@code objects} / all boxes counted (0 without boxes)
 * @param sizes the class's boxes by COCO size bucket
 * @param imagesWithSmall images with at least one small box of this class
 * @param effectiveNumber Cui et al. 2019 effective number of {@code images}
 */
public record ClassStats(
        @JsonProperty("classId") int classId,
        @JsonProperty("images") long images,
        @JsonProperty("primaryImages") long primaryImages,
        @JsonProperty("objects") long objects,
        @JsonProperty("imageShare") double imageShare,
        @JsonProperty("objectShare") double objectShare,
        @JsonProperty("sizes") SizeBuckets sizes,
        @JsonProperty("imagesWithSmall") long imagesWithSmall,
        @JsonProperty("effectiveNumber") double effectiveNumber) {}
