package io.augflow.train.detect.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores detections against a ground truth the way pycocotools' {@code COCOeval} does for boxes with its default
 * parameters ({@code evaluate()}, {@code accumulate()}, {@code summarize()}), to the last bit on the same input.
 *
 * <p>What counts is what pycocotools counts: the classes are the ground truth's (a detection of another class is left
 * out, and a class without a counted ground truth gets -1, not 0); the images are the ground truth's (detections on
 * other images are left out); an image with no ground truth still turns its detections into false positives.
 */
public final class CocoEvaluator {
    private CocoEvaluator() {}

    public static CocoMetrics evaluate(CocoGroundTruth groundTruth, List<Detection> detections) {
        int images = groundTruth.images().size();
        int classes = groundTruth.classCount();
        Map<String, Integer> imageIndex = new HashMap<>();
        for (CocoImage image : groundTruth.images()) {
            imageIndex.put(image.id(), imageIndex.size());
        }
        Map<Long, List<GroundTruthBox>> truths = new HashMap<>();
        int[] counted = new int[classes];
        for (GroundTruthBox box : groundTruth.boxes()) {
            truths.computeIfAbsent(cell(box.classId(), imageIndex.get(box.imageId()), images),
                    c -> new ArrayList<>()).add(box);
            counted[box.classId()] += !box.crowd() && AreaRange.ALL.contains(box.area()) ? 1 : 0;
        }
        Map<Long, List<Detection>> found = new HashMap<>();
        for (Detection detection : detections) {
            Integer image = imageIndex.get(detection.imageId());
            if (image != null && detection.classId() < classes) {
                found.computeIfAbsent(cell(detection.classId(), image, images), c -> new ArrayList<>())
                        .add(detection);
            }
        }
        List<ImageClassEvaluation[]> evaluations = new ArrayList<>(classes);
        for (int k = 0; k < classes; k++) {
            ImageClassEvaluation[] perImage = new ImageClassEvaluation[images];
            for (int i = 0; i < images; i++) {
                List<GroundTruthBox> g = truths.getOrDefault(cell(k, i, images), List.of());
                List<Detection> d = found.getOrDefault(cell(k, i, images), List.of());
                if (!g.isEmpty() || !d.isEmpty()) {
                    perImage[i] = ImageClassEvaluation.of(g, d);
                }
            }
            evaluations.add(perImage);
        }
        return CocoSummary.of(PrecisionTable.accumulate(evaluations), groundTruth.classNames(), counted);
    }

    private static long cell(int classId, int image, int images) {
        return (long) classId * images + image;
    }
}
