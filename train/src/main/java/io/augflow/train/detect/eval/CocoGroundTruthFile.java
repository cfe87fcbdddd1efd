package io.augflow.train.detect.eval;

import java.util.Map;

/**
 * A ground truth read from a COCO instances file, with the file's own ids, which its results file refers to:
 * {@code imageIds} maps a COCO image id to the image's sample id ({@code file_name}), {@code classIds} a COCO
 * category id to its class index (categories in ascending id order).
 */
public record CocoGroundTruthFile(CocoGroundTruth groundTruth, Map<Long, String> imageIds,
        Map<Long, Integer> classIds) {

    public CocoGroundTruthFile {
        imageIds = Map.copyOf(imageIds);
        classIds = Map.copyOf(classIds);
    }
}
