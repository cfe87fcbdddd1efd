package io.augflow.augment.transform;

import io.augflow.augment.Sample;
import io.augflow.augment.random.RandomStreams;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Applies transforms in order, then clips and filters the boxes once with {@link BoxParams}.
 *
 * <p>Each position draws from its own child stream of the sample's stream, so adding a transform at the
 * end of a pipeline, or one transform being skipped by its {@code p}, does not change what the others
 * draw.
 */
public record Compose(List<Transform<?>> transforms, BoxParams boxParams) {

    public Compose {
        transforms = List.copyOf(transforms);
    }

    /** Augments one sample with the stream derived for it (see {@link RandomStreams#forSample}). */
    public Sample apply(Sample sample, SplittableRandom sampleStream, AugmentationTrace trace) {
        long key = sampleStream.nextLong();
        Sample current = sample;
        for (int i = 0; i < transforms.size(); i++) {
            current = transforms.get(i).apply(current, RandomStreams.child(key, i), trace);
        }
        return current == sample ? sample : current.withBoxes(boxParams.filter(current));
    }

    public Sample apply(Sample sample, SplittableRandom sampleStream) {
        return apply(sample, sampleStream, AugmentationTrace.NONE);
    }
}
