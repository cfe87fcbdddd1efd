package io.augflow.augment.multi;

import io.augflow.augment.Sample;
import io.augflow.augment.conf.ConfBlock;
import io.augflow.augment.random.RandomStreams;
import io.augflow.augment.transform.AugmentationTrace;
import io.augflow.augment.transform.TransformConfig;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The multi-image step that runs before the single-image pipeline: {@link Mosaic}, then {@link MixUp} (on the
 * mosaic when both apply), each with its own {@code p}. That is the usual order: flips, affine and colour changes
 * then act on the combined image as a whole.
 *
 * <p>Fixed slots keep switching one on or off from changing what the other draws: mosaic draws from the child
 * stream at position -1 of the sample's pipeline key and takes partners 0, 1, 2; mixup draws from position -2 and
 * takes partner 3 (the single-image transforms use positions 0, 1, ..., see
 * {@link io.augflow.augment.transform.Compose}).
 *
 * <p>Configuration, in the {@code augment} block (absent block = off; a block's {@code p} defaults to 0.5):
 * <pre>
 * augment {
 *   mosaic { p = 0.5, centre = [0.25, 0.75], min-area = 4, min-visibility = 0.3, width = 0, height = 0 }
 *   mixup { p = 0.1, alpha = 8 }
 * }
 * </pre>
 */
public record MultiImageStage(Mosaic mosaic, MixUp mixup) implements java.io.Serializable {
    /** The {@code augment} block's keys for the two transforms. */
    public static final String MOSAIC = Mosaic.NAME;
    public static final String MIXUP = MixUp.NAME;
    /** The names that are blocks of {@code augment}, not {@code pipeline} entries. */
    public static final List<String> NAMES = List.of(MOSAIC, MIXUP);
    /** Neither mosaic nor mixup. */
    public static final MultiImageStage NONE = new MultiImageStage(Mosaic.OFF, MixUp.OFF);

    private static final int MOSAIC_POSITION = -1;
    private static final int MIXUP_POSITION = -2;
    private static final int MIXUP_FIRST_PARTNER = Mosaic.PARTNERS;

    private static final List<String> MOSAIC_KEYS = List.of("p", "centre", "min-area", "min-visibility", "width",
            "height");
    private static final List<String> MIXUP_KEYS = List.of("p", "alpha");

    public MultiImageStage {
        Objects.requireNonNull(mosaic, "mosaic");
        Objects.requireNonNull(mixup, "mixup");
    }

    /** Reads {@code mosaic} and {@code mixup} of the {@code augment} block; errors name the full key. */
    public static MultiImageStage fromConfig(ConfBlock augment) {
        Mosaic mosaic = Mosaic.OFF;
        if (augment.has(MOSAIC)) {
            ConfBlock block = augment.child(MOSAIC);
            block.rejectUnknown(MOSAIC_KEYS);
            mosaic = Mosaic.fromConfig(config(block));
        }
        MixUp mixup = MixUp.OFF;
        if (augment.has(MIXUP)) {
            ConfBlock block = augment.child(MIXUP);
            block.rejectUnknown(MIXUP_KEYS);
            mixup = MixUp.fromConfig(config(block));
        }
        return new MultiImageStage(mosaic, mixup);
    }

    /** The block as a transform's config named by its full key, so errors read "augflow.augment.mosaic.p ...". */
    private static TransformConfig config(ConfBlock block) {
        return new TransformConfig(block.path(), block.raw());
    }

    /** Whether anything can be applied (a {@code p} above 0): only then are partners ever asked for. */
    public boolean active() {
        return mosaic.p() > 0 || mixup.p() > 0;
    }

    /** The transforms that can be applied, in order (for titles and logs). */
    public List<MultiImageTransform<?>> activeTransforms() {
        return Stream.<MultiImageTransform<?>>of(mosaic, mixup).filter(t -> t.p() > 0).toList();
    }

    /**
     * Mosaic, then mixup, with the draws of the sample's pipeline key {@code key}; returns {@code sample} itself
     * when neither applies. An intermediate image (the mosaic under a mixup) is freed as soon as it is used.
     */
    public Sample apply(Sample sample, Partners partners, long key, AugmentationTrace trace) {
        if (!active()) {
            return sample;
        }
        Sample mosaicked = mosaic.apply(sample, partners, 0, RandomStreams.child(key, MOSAIC_POSITION), trace);
        Sample mixed = mixup.apply(mosaicked, partners, MIXUP_FIRST_PARTNER, RandomStreams.child(key, MIXUP_POSITION),
                trace);
        if (mosaicked != sample && mixed.image() != mosaicked.image()) {
            mosaicked.image().release();
        }
        return mixed;
    }
}
