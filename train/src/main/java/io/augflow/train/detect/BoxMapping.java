package io.augflow.train.detect;

import io.augflow.augment.Box;
import io.augflow.augment.transform.geometric.ResizePolicy;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * Maps boxes from network-input pixels back to the original image, inverting {@code InputFit} for each
 * {@link ResizePolicy} (its forward formulas, with W x H the original and w x h the input size):
 * <ul>
 *   <li>resize: {@code x' = x * w / W}, so {@code x = x' * W / w} (likewise y);</li>
 *   <li>letterbox: {@code s = min(w / W, h / H)}, {@code sw = round(W s)}, {@code left = (w - sw) / 2} (integer),
 *       {@code x' = x * sw / W + left}, so {@code x = (x' - left) * W / sw};</li>
 *   <li>center-crop: {@code s = max(w / W, h / H)}, {@code sw = max(w, round(W s))},
 *       {@code off = (sw - w) / 2} (integer), {@code x' = x * sw / W - off}, so {@code x = (x' + off) * W / sw}.</li>
 * </ul>
 * The sizes are computed as {@code Letterbox.sample} and {@code InputFit} compute them, so rounding agrees. An
 * original of exactly the input size maps to itself, as {@code InputFit} leaves it alone. Results are clipped to the
 * original image (a letterbox detection can reach into the padding).
 */
public record BoxMapping(ResizePolicy policy, int originalWidth, int originalHeight, int inputWidth, int inputHeight)
        implements Serializable {

    public BoxMapping {
        Objects.requireNonNull(policy, "policy");
        if (originalWidth < 1 || originalHeight < 1 || inputWidth < 1 || inputHeight < 1) {
            throw new IllegalArgumentException("box mapping needs sizes >= 1, got original " + originalWidth + "x"
                    + originalHeight + ", input " + inputWidth + "x" + inputHeight);
        }
    }

    /** {@code box} (network-input pixels) in original-image pixels, clipped to the original. */
    public Box toOriginal(Box box) {
        double[] ax = axis(originalWidth, inputWidth, originalHeight, inputHeight);
        double[] ay = axis(originalHeight, inputHeight, originalWidth, inputWidth);
        double x1 = (box.x() - ax[1]) * ax[0];
        double x2 = (box.x2() - ax[1]) * ax[0];
        double y1 = (box.y() - ay[1]) * ay[0];
        double y2 = (box.y2() - ay[1]) * ay[0];
        Box mapped = Box.fromCorners(box.classId(), x1, y1, x2, y2, box.pasted());
        return mapped.clippedTo(originalWidth, originalHeight);
    }

    /** The detection with its box mapped to the original image. */
    public ScoredBox toOriginal(ScoredBox d) {
        return new ScoredBox(toOriginal(d.box()), d.score());
    }

    public List<ScoredBox> toOriginal(List<ScoredBox> detections) {
        return detections.stream().map(this::toOriginal).toList();
    }

    /**
     * {@code {factor, shift}} of one axis such that {@code original = (input - shift) * factor}.
     *
     * @param size   the original's side on this axis; {@code target} the input's
     * @param other  the original's side on the other axis; {@code otherTarget} the input's
     */
    private double[] axis(int size, int target, int other, int otherTarget) {
        if (size == target && other == otherTarget) {
            return new double[] {1, 0};
        }
        return switch (policy) {
            case RESIZE -> new double[] {(double) size / target, 0};
            case LETTERBOX -> {
                double s = Math.min((double) target / size, (double) otherTarget / other);
                int scaled = Math.max(1, Math.min(target, (int) Math.round(size * s)));
                yield new double[] {(double) size / scaled, (target - scaled) / 2};
            }
            case CENTER_CROP -> {
                double s = Math.max((double) target / size, (double) otherTarget / other);
                int scaled = Math.max(target, (int) Math.round(size * s));
                yield new double[] {(double) size / scaled, -((scaled - target) / 2)};
            }
        };
    }
}
