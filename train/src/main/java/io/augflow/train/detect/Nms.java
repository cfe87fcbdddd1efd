package io.augflow.train.detect;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Greedy non-maximum suppression per class: within each class, take detections by decreasing score and drop every
 * later one whose IoU with an already kept one is strictly greater than {@code iouThreshold} (IoU equal to the
 * threshold is kept, as torchvision's {@code nms}). Detections of different classes never suppress each other.
 * Finally the {@code maxDetections} highest scores over all classes are kept, highest first. Equal scores keep
 * their input order (a stable sort), so the result is deterministic.
 *
 * @param iouThreshold  in [0, 1]
 * @param maxDetections per image, >= 1 (COCO evaluates 100)
 */
public record Nms(double iouThreshold, int maxDetections) implements Serializable {
    public static final int DEFAULT_MAX_DETECTIONS = 100;
    public static final double DEFAULT_IOU = 0.5;

    public Nms {
        if (!(iouThreshold >= 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("nms IoU threshold must be in [0, 1], got " + iouThreshold);
        }
        if (maxDetections < 1) {
            throw new IllegalArgumentException("nms max detections per image must be >= 1, got " + maxDetections);
        }
    }

    /** IoU 0.5, 100 detections. */
    public static Nms defaults() {
        return new Nms(DEFAULT_IOU, DEFAULT_MAX_DETECTIONS);
    }

    /** The kept detections, highest score first. */
    public List<ScoredBox> apply(List<ScoredBox> detections) {
        Comparator<ScoredBox> byScore = Comparator.comparingDouble(ScoredBox::score).reversed();
        Map<Integer, List<ScoredBox>> byClass = new TreeMap<>();
        for (ScoredBox d : detections) {
            byClass.computeIfAbsent(d.classId(), c -> new ArrayList<>()).add(d);
        }
        List<ScoredBox> kept = new ArrayList<>();
        for (List<ScoredBox> sameClass : byClass.values()) {
            List<ScoredBox> sorted = new ArrayList<>(sameClass);
            sorted.sort(byScore);
            List<ScoredBox> keptHere = new ArrayList<>();
            for (ScoredBox d : sorted) {
                boolean suppressed = false;
                for (ScoredBox k : keptHere) {
                    if (ScoredBox.iou(d.box(), k.box()) > iouThreshold) {
                        suppressed = true;
                        break;
                    }
                }
                if (!suppressed) {
                    keptHere.add(d);
                }
            }
            kept.addAll(keptHere);
        }
        // Restore input order among equal scores across classes before the final cut.
        Set<ScoredBox> keptSet = Collections.newSetFromMap(new IdentityHashMap<>());
        keptSet.addAll(kept);
        List<ScoredBox> ordered = new ArrayList<>(kept.size());
        for (ScoredBox d : detections) {
            if (keptSet.contains(d)) {
                ordered.add(d);
            }
        }
        ordered.sort(byScore);
        return List.copyOf(ordered.subList(0, Math.min(maxDetections, ordered.size())));
    }
}
