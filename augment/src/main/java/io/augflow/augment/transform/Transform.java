package io.augflow.augment.transform;

import io.augflow.augment.Sample;
import java.util.SplittableRandom;

/**
 * An augmentation: an immutable value with a probability {@link #p()}. Drawing the random parameters
 * ({@link #sample}) is separate from applying them ({@link #apply(Sample, Object)}, pure), and one draw
 * is applied to the image and its boxes together.
 *
 * <p>Boxes leave {@code apply} transformed but not clipped; {@link Compose} clips and filters them once,
 * at the end, with its {@link BoxParams}.
 *
 * @param <P> the record of drawn parameters
 */
public interface Transform<P> extends java.io.Serializable {

    /** The registry name, e.g. {@code "horizontal-flip"}. */
    String name();

    /** Probability in [0, 1] that the transform is applied. */
    double p();

    /** Draws the parameters for this sample from {@code rng}; must not touch the image. */
    P sample(Sample sample, SplittableRandom rng);

    /** Applies drawn parameters; returns a new sample and never modifies {@code sample}. */
    Sample apply(Sample sample, P params);

    /**
     * Applies with probability {@link #p()}: one draw decides, then {@link #sample} and {@link #apply}.
     * With {@code p = 0} the input sample itself is returned, byte for byte.
     */
    default Sample apply(Sample sample, SplittableRandom rng, AugmentationTrace trace) {
        if (p() <= 0 || (p() < 1 && rng.nextDouble() >= p())) {
            return sample;
        }
        P params = sample(sample, rng);
        trace.record(name(), params);
        return apply(sample, params);
    }
}
