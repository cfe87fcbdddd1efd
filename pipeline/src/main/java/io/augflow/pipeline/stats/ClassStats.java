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
 * @param primaryImagesWithSmall of the {@code primaryImages}, those with a small box of any class: with
 *        {@code primaryImages} it gives a plan's expected epoch on the driver ({@code SamplingPlan.expectedEpoch});
 *        0 in statistics written before it
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
        @JsonProperty("effectiveNumber") double effectiveNumber,
        @JsonProperty("primaryImagesWithSmall") long primaryImagesWithSmall) {

    /** Without {@code primaryImagesWithSmall} (0), as statistics were before it. */
    public ClassStats(int classId, long images, long primaryImages, long objects, double imageShare,
            double objectShare, SizeBuckets sizes, long imagesWithSmall, double effectiveNumber) {
        this(classId, images, primaryImages, objects, imageShare, objectShare, sizes, imagesWithSmall,
                effectiveNumber, 0);
    }
}
