package io.augflow.augment.transform.geometric;

import java.util.Arrays;
import java.util.Locale;

/**
 * How {@link InputFit} brings an image of another size to the network's input size.
 * <ul>
 *   <li>{@code letterbox}: scale to fit inside, keeping the aspect ratio, and pad the rest (YOLO's choice: no
 *       object is cut or distorted, so it is the default for data with boxes);</li>
 *   <li>{@code resize}: scale each side to the target, changing the aspect ratio when the sizes' ratios differ
 *       (torchvision's {@code Resize((h, w))}: the default for classification);</li>
 *   <li>{@code center-crop}: scale to cover the target, keeping the aspect ratio, and cut the centre (boxes outside
 *       the window are dropped, boxes across its edge clipped).</li>
 * </ul>
 */
public enum ResizePolicy {
    LETTERBOX,
    RESIZE,
    CENTER_CROP;

    /** The config spelling, e.g. {@code center-crop}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The policy named {@code key}; {@code what} names the setting in the error. */
    public static ResizePolicy fromKey(String key, String what) {
        for (ResizePolicy p : values()) {
            if (p.key().equals(key)) {
                return p;
            }
        }
        throw new IllegalArgumentException(what + " must be one of "
                + Arrays.stream(values()).map(ResizePolicy::key).toList() + ", got '" + key + "'");
    }
}
