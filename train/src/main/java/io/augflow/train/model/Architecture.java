package io.augflow.train.model;

import java.util.Arrays;
import java.util.List;

/** The values of {@code model.architecture}, and which DL4J network kind each one builds. */
public enum Architecture {
    LENET5("lenet5", false),
    VGG_SMALL("vgg-small", false),
    RESNET_SMALL("resnet-small", true),
    MOBILENET_SMALL("mobilenet-small", false),
    /** The single-stage detector ({@code io.augflow.train.detect.YoloSmall}): boxes, not one class per image. */
    YOLO_SMALL("yolo-small", false);

    private final String key;
    private final boolean graph;

    Architecture(String key, boolean graph) {
        this.key = key;
        this.graph = graph;
    }

    public String key() {
        return key;
    }

    /** True when the architecture is a {@code ComputationGraph} (it has non-sequential connections). */
    public boolean isGraph() {
        return graph;
    }

    /** True for an object detector (its output is a grid of boxes, not a softmax over classes). */
    public boolean isDetector() {
        return this == YOLO_SMALL;
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(Architecture::key).toList();
    }

    /** @param where the full config key, for the message */
    public static Architecture fromKey(String key, String where) {
        for (Architecture a : values()) {
            if (a.key.equals(key)) {
                return a;
            }
        }
        throw new IllegalArgumentException(where + " must be one of " + keys() + ", got " + key);
    }
}
