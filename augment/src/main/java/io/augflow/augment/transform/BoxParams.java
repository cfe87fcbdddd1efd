package io.augflow.augment.transform;

import io.augflow.augment.Box;
import io.augflow.augment.Sample;
import java.util.ArrayList;
import java.util.List;

/**
 * What happens to boxes at the end of a {@link Compose} (after Albumentations' {@code BboxParams}):
 * every box is clipped to the image, then dropped when its clipped area is below {@code minArea} pixels
 * or the visible share of its transformed area is below {@code minVisibility}.
 *
 * @param minArea       smallest area in pixels a kept box may have, >= 0
 * @param minVisibility smallest share in [0, 1] of a box that must stay inside the image
 * @param clip          when false, kept boxes are not clipped (they are still filtered)
 */
public record BoxParams(double minArea, double minVisibility, boolean clip) implements java.io.Serializable {
    public static final BoxParams DEFAULT = new BoxParams(0, 0, true);

    public BoxParams {
        if (!(minArea >= 0)) {
            throw new IllegalArgumentException("bbox.min-area must be >= 0, got " + minArea);
        }
        if (!(minVisibility >= 0 && minVisibility <= 1)) {
            throw new IllegalArgumentException("bbox.min-visibility must be in [0, 1], got " + minVisibility);
        }
    }

    /** Boxes of {@code sample} clipped and filtered against its own image size. */
    public List<Box> filter(Sample sample) {
        List<Box> kept = new ArrayList<>(sample.boxes().size());
        for (Box box : sample.boxes()) {
            Box clipped = box.clippedTo(sample.width(), sample.height());
            float area = box.area();
            float visible = clipped.area();
            if (visible <= 0 || visible < minArea) {
                continue;
            }
            // A degenerate (zero-area) box that still lies inside counts as fully visible.
            double visibility = area > 0 ? visible / area : 1.0;
            if (visibility + 1e-6 < minVisibility) {
                continue;
            }
            kept.add(clip ? clipped : box);
        }
        return kept;
    }
}
