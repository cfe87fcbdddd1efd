package io.augflow.train.detect.eval;

import java.util.List;

/**
 * pycocotools' default box-evaluation thresholds: 10 IoU thresholds .50:.05:.95, 101 recall thresholds 0:.01:1 and
 * at most 1, 10 or 100 detections per image. The thresholds are computed the way numpy's {@code linspace} does
 * ({@code start + i * step}, the last one exactly {@code stop}), so that they equal pycocotools' to the last bit and
 * a recall on a threshold's edge falls on the same side: the 9th IoU threshold is 0.8999999999999999, and the 36th
 * recall threshold is 0.35000000000000003, which a recall of 7/20 = 0.35 does not reach.
 */
public final class CocoThresholds {
    private static final double[] IOU = linspace(0.5, 0.95, 10);
    private static final double[] RECALL = linspace(0.0, 1.0, 101);
    /** The detections per image counted, fewest first. */
    public static final List<Integer> MAX_DETECTIONS = List.of(1, 10, 100);

    private CocoThresholds() {}

    /** The 10 IoU thresholds (a copy). */
    public static double[] iou() {
        return IOU.clone();
    }

    /** The 101 recall thresholds (a copy). */
    public static double[] recall() {
        return RECALL.clone();
    }

    static int iouCount() {
        return IOU.length;
    }

    static double iou(int index) {
        return IOU[index];
    }

    static int recallCount() {
        return RECALL.length;
    }

    static double recall(int index) {
        return RECALL[index];
    }

    /** The index of an IoU threshold equal to {@code value}, or -1 (pycocotools' {@code np.where(iouThr == p.iouThrs)}). */
    static int iouIndex(double value) {
        for (int i = 0; i < IOU.length; i++) {
            if (IOU[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /** numpy's {@code linspace(start, stop, num)} with its arithmetic: {@code start + i * ((stop - start) / (num - 1))}. */
    static double[] linspace(double start, double stop, int num) {
        double step = (stop - start) / (num - 1);
        double[] values = new double[num];
        for (int i = 0; i < num; i++) {
            values[i] = i * step + start;
        }
        values[num - 1] = stop;
        return values;
    }
}
