package io.augflow.augment.transform.geometric;

import io.augflow.augment.Box;
import io.augflow.augment.Sample;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/**
 * The last step before a sample becomes a tensor: brings an image of any size and channel count to the network's
 * {@link InputSize}, so a folder of mixed sizes (real photo folders always are) trains, evaluates and predicts with
 * no configuration. Not random: the result depends only on the sample, so training, evaluation, preview and
 * prediction all see the same pixels for the same image.
 *
 * <p>Channels first (grey is replicated to BGR, BGR is converted to grey with OpenCV's weights), then the size by
 * the {@link ResizePolicy}; a sample already of the input size is returned as it is. Shrinking uses area
 * interpolation (no aliasing), enlarging linear. Letterbox pads with grey 114, as YOLO does. Boxes follow the
 * pixels; after a centre crop they are clipped to the window and those left with no area are dropped.
 */
public record InputFit(InputSize size, ResizePolicy policy) implements Serializable {
    /** The letterbox padding value (YOLO's grey). */
    public static final int LETTERBOX_FILL = 114;

    public InputFit {
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(policy, "policy");
    }

    /** True when {@code sample} needs no change. */
    public boolean fits(Sample sample) {
        return sample.width() == size.width() && sample.height() == size.height()
                && sample.channels() == size.channels();
    }

    /** {@code sample} at the input size: itself when it {@link #fits}, else a new sample (the input is untouched). */
    public Sample apply(Sample sample) {
        if (fits(sample)) {
            return sample;
        }
        Sample channelled = withChannels(sample, size.channels());
        if (channelled.width() == size.width() && channelled.height() == size.height()) {
            return channelled;
        }
        Sample out = switch (policy) {
            case RESIZE -> Resize.resize(channelled, size.width(), size.height(), interpolation(channelled));
            case LETTERBOX -> letterbox(channelled);
            case CENTER_CROP -> centerCrop(channelled);
        };
        if (channelled != sample) {
            channelled.image().release();
        }
        return out;
    }

    private Sample letterbox(Sample sample) {
        Letterbox letterbox = new Letterbox(size.width(), size.height(), interpolation(sample), LETTERBOX_FILL, 1.0);
        return letterbox.apply(sample, letterbox.sample(sample, null));
    }

    /**
     * Scales by {@code s = max(w / W, h / H)} (the image covers the window), then cuts the centred window: a point
     * maps as {@code x' = x * sw / W - (sw - w) / 2}, with {@code sw = max(w, round(W * s))}, likewise for y.
     */
    private Sample centerCrop(Sample sample) {
        double s = Math.max((double) size.width() / sample.width(), (double) size.height() / sample.height());
        int sw = Math.max(size.width(), (int) Math.round(sample.width() * s));
        int sh = Math.max(size.height(), (int) Math.round(sample.height() * s));
        Sample scaled = Resize.resize(sample, sw, sh, interpolation(sample));
        Sample cropped = RandomCrop.crop("input-fit", scaled, (sw - size.width()) / 2, (sh - size.height()) / 2,
                size.width(), size.height());
        scaled.image().release();
        List<Box> kept = new ArrayList<>(cropped.boxes().size());
        for (Box b : cropped.boxes()) {
            Box clipped = b.clippedTo(size.width(), size.height());
            if (clipped.area() > 0) {
                kept.add(clipped);
            }
        }
        return cropped.withBoxes(kept);
    }

    private Interpolation interpolation(Sample sample) {
        boolean shrinks = sample.width() >= size.width() && sample.height() >= size.height();
        return shrinks ? Interpolation.AREA : Interpolation.LINEAR;
    }

    /** {@code sample} with {@code channels} channels (itself when it has them). */
    static Sample withChannels(Sample sample, int channels) {
        if (sample.channels() == channels) {
            return sample;
        }
        Mat out = new Mat();
        Imgproc.cvtColor(sample.image(), out, channels == 3 ? Imgproc.COLOR_GRAY2BGR : Imgproc.COLOR_BGR2GRAY);
        return sample.withImage(out);
    }
}
