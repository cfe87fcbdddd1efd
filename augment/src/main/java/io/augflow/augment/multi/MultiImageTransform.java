package io.augflow.augment.multi;

import io.augflow.augment.Sample;
import io.augflow.augment.transform.AugmentationTrace;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A transform that combines a sample with {@link #partnerCount()} other samples: an immutable value with a
 * probability {@link #p()}. As for {@link io.augflow.augment.transform.Transform}, drawing the parameters
 * ({@link #sample}, which may read the partners' sizes but not their pixels) is separate from applying them
 * ({@link #apply(Sample, List, Object)}, pure: neither the sample nor a partner is modified). The output keeps the
 * sample's id, label and channel count.
 *
 * @param <P> the record of drawn parameters
 */
public interface MultiImageTransform<P> extends java.io.Serializable {

    /** The configuration name, e.g. {@code "mosaic"} (the block {@code augflow.augment.mosaic}). */
    String name();

    /** Probability in [0, 1] that the transform is applied. */
    double p();

    /** How many partners {@link #sample} and {@link #apply(Sample, List, Object)} take. */
    int partnerCount();

    /** Draws the parameters from {@code rng}; {@code partners} has exactly {@link #partnerCount()} samples. */
    P sample(Sample sample, List<Sample> partners, SplittableRandom rng);

    /** Applies drawn parameters; returns a new sample and modifies neither {@code sample} nor a partner. */
    Sample apply(Sample sample, List<Sample> partners, P params);

    /**
     * Applies with probability {@link #p()}: one draw decides, then partners {@code firstPartner ..
     * firstPartner + partnerCount() - 1} are taken, and {@link #sample} and {@link #apply} run. With {@code p = 0}
     * the input sample itself is returned and no partner is asked for.
     */
    default Sample apply(Sample sample, Partners partners, int firstPartner, SplittableRandom rng,
            AugmentationTrace trace) {
        if (p() <= 0 || (p() < 1 && rng.nextDouble() >= p())) {
            return sample;
        }
        List<Sample> chosen = partners.take(firstPartner, partnerCount());
        P params = sample(sample, chosen, rng);
        trace.record(name(), params);
        return apply(sample, chosen, params);
    }

    /** Throws unless {@code partners} holds exactly {@code expected} samples. */
    static void requirePartners(String name, List<Sample> partners, int expected) {
        if (partners.size() != expected) {
            throw new IllegalArgumentException(name + " takes " + expected + " partners, got " + partners.size());
        }
    }
}
