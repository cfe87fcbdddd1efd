package io.augflow.train.detect.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * COCO box metrics, as pycocotools' {@code COCOeval.summarize()} prints them, and per class.
 *
 * <p>The 12 stats: AP averaged over IoU .50:.05:.95 and 101 recall thresholds ({@code ap}), at IoU .50 and .75, and
 * for small, medium and large objects (100 detections per image); AR, the recall reached averaged over the IoU
 * thresholds, with at most 1, 10 and 100 detections per image and per size. Each is the mean over classes (and
 * thresholds) with a ground truth that counts; -1 when there is none (pycocotools' convention, kept so figures compare
 * as they are).
 *
 * @param perClass one entry per class, in class order
 */
public record CocoMetrics(
        @JsonProperty("AP") double ap,
        @JsonProperty("AP50") double ap50,
        @JsonProperty("AP75") double ap75,
        @JsonProperty("APsmall") double apSmall,
        @JsonProperty("APmedium") double apMedium,
        @JsonProperty("APlarge") double apLarge,
        @JsonProperty("AR1") double ar1,
        @JsonProperty("AR10") double ar10,
        @JsonProperty("AR100") double ar100,
        @JsonProperty("ARsmall") double arSmall,
        @JsonProperty("ARmedium") double arMedium,
        @JsonProperty("ARlarge") double arLarge,
        @JsonProperty("perClass") List<ClassMetrics> perClass) {

    /** The names of {@link #stats()}, in pycocotools' order. */
    public static final List<String> STAT_NAMES = List.of("AP", "AP50", "AP75", "APsmall", "APmedium", "APlarge",
            "AR1", "AR10", "AR100", "ARsmall", "ARmedium", "ARlarge");

    public CocoMetrics {
        perClass = List.copyOf(perClass);
    }

    /**
     * One class's figures (all objects, at most 100 detections per image); -1 where the class has no ground truth
     * that counts.
     *
     * @param groundTruths the class's ground truths that count (crowd regions left out)
     * @param ap AP over IoU .50:.05:.95
     * @param ap50 AP at IoU .50
     * @param recall50 the recall reached at IoU .50
     * @param precision50 the precision/recall curve at IoU .50: the interpolated precision at recall 0, .01, ..., 1
     *     ({@link CocoThresholds#recall()}), 0 beyond the recall reached
     */
    public record ClassMetrics(
            @JsonProperty("classId") int classId,
            @JsonProperty("name") String name,
            @JsonProperty("groundTruths") int groundTruths,
            @JsonProperty("ap") double ap,
            @JsonProperty("ap50") double ap50,
            @JsonProperty("recall50") double recall50,
            @JsonProperty("precision50") List<Double> precision50) {

        public ClassMetrics {
            precision50 = List.copyOf(precision50);
        }

        public Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("classId", classId);
            map.put("name", name);
            map.put("groundTruths", groundTruths);
            map.put("ap", ap);
            map.put("ap50", ap50);
            map.put("recall50", recall50);
            map.put("precision50", precision50);
            return map;
        }
    }

    /** The 12 stats in pycocotools' order ({@code COCOeval.stats}). */
    public double[] stats() {
        return new double[] {ap, ap50, ap75, apSmall, apMedium, apLarge, ar1, ar10, ar100, arSmall, arMedium, arLarge};
    }

    public ClassMetrics perClass(int classId) {
        return perClass.get(classId);
    }

    /** The stats by name ({@link #STAT_NAMES}), then {@code perClass}: a shape for JSON and reports. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        double[] stats = stats();
        for (int i = 0; i < stats.length; i++) {
            map.put(STAT_NAMES.get(i), stats[i]);
        }
        List<Map<String, Object>> classes = new ArrayList<>(perClass.size());
        for (ClassMetrics c : perClass) {
            classes.add(c.toMap());
        }
        map.put("perClass", classes);
        return map;
    }
}
