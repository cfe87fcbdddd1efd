package io.augflow.augment.multi;

import io.augflow.augment.Sample;
import java.util.ArrayList;
import java.util.List;

/**
 * The other images one sample may be combined with. Partner {@code k} ({@code k >= 0}) is a fixed sample for the
 * sample being augmented, so a draw is reproducible; whoever builds it decides where partners come from and what
 * happens when there are few (the stream's {@code PartnerPicker} cycles through the other rows of a slice). A
 * partner's image is read, never written. Only asked for when a multi-image transform is applied.
 */
@FunctionalInterface
public interface Partners {

    /** Partner number {@code k >= 0}; never null. */
    Sample get(int k);

    /** Partners {@code from .. from + count - 1}, in order. */
    default List<Sample> take(int from, int count) {
        List<Sample> taken = new ArrayList<>(count);
        for (int k = from; k < from + count; k++) {
            taken.add(get(k));
        }
        return taken;
    }

    /**
     * The sample itself as every partner: for callers that have no other image. A mosaic then tiles four views of
     * one image and a mixup blends the image with itself (a no-op on pixels; its boxes are not doubled, see
     * {@link MixUp}).
     */
    static Partners self(Sample sample) {
        return k -> sample;
    }

    /** Partner {@code k} is {@code pool.get(k % pool.size())}: a fixed list used in turn (tests, small callers). */
    static Partners cycling(List<Sample> pool) {
        if (pool.isEmpty()) {
            throw new IllegalArgumentException("a cycling partner list needs at least one sample, got none");
        }
        List<Sample> copy = List.copyOf(pool);
        return k -> copy.get(Math.floorMod(k, copy.size()));
    }
}
