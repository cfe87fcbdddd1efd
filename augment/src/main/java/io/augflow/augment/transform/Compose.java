package io.augflow.augment.transform;

import io.augflow.augment.Sample;
import io.augflow.augment.random.RandomStreams;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

/**
 * Applies transforms in order, then clips and filters the boxes once with {@link BoxParams}.
 *
 * <p>Each position draws from its own child stream of the sample's stream, so adding a transform at the
 * end of a pipeline, or one transform being skipped by its {@code p}, does not change what the others
 * draw.
 */
public record Compose(List<Transform<?>> transforms, BoxParams boxParams) implements java.io.Serializable {

    public Compose {
        transforms = List.copyOf(transforms);
    }

    /** Augments one sample with the stream derived for it (see {@link RandomStreams#forSample}). */
    public Sample apply(Sample sample, SplittableRandom sampleStream, AugmentationTrace trace) {
        long key = sampleStream.nextLong();
        Sample current = sample;
        for (int i = 0; i < transforms.size(); i++) {
            Sample next = transforms.get(i).apply(current, RandomStreams.child(key, i), trace);
            // an intermediate image nobody else holds: free its native memory now rather than when the GC gets to
            // it (left to the GC, a composed pipeline ran at half the speed of the same bare OpenCV calls)
            if (current != sample && next.image() != current.image()) {
                current.image().release();
            }
            current = next;
        }
        return current == sample ? sample : current.withBoxes(boxParams.filter(current));
    }

    public Sample apply(Sample sample, SplittableRandom sampleStream) {
        return apply(sample, sampleStream, AugmentationTrace.NONE);
    }

    /**
     * The {@code [width, height]} every output of this pipeline has whatever its input, when it has one (it ends
     * with a resize, or a crop drawn with p = 1), else empty. Found by probing: two blank images of unrelated
     * sizes, large enough for common crop windows, four draws each; a probe the pipeline refuses (a crop larger
     * than the probe) means "no fixed size". Needs OpenCV loaded.
     */
    public Optional<int[]> fixedOutputSize() {
        int[] found = null;
        int[][] probes = {{1021, 769}, {643, 997}};
        for (int[] probe : probes) {
            for (long seed = 0; seed < 4; seed++) {
                Mat blank = new Mat(probe[1], probe[0], CvType.CV_8UC3, new Scalar(127, 127, 127));
                int[] size;
                try {
                    Sample out = apply(new Sample("size-probe", blank, List.of(), Sample.NO_LABEL),
                            new SplittableRandom(seed));
                    size = new int[] {out.width(), out.height()};
                } catch (io.augflow.augment.InvalidSampleException e) {
                    return Optional.empty();
                } finally {
                    blank.release();
                }
                if (found != null && (found[0] != size[0] || found[1] != size[1])) {
                    return Optional.empty();
                }
                found = size;
            }
        }
        return Optional.of(found);
    }
}
