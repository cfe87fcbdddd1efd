package io.augflow.augment.transform;

import io.augflow.augment.Sample;
import io.augflow.augment.multi.MultiImageStage;
import io.augflow.augment.multi.Partners;
import io.augflow.augment.random.RandomStreams;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

/**
 * Applies the multi-image stage ({@link MultiImageStage}: mosaic, mixup), then the transforms in order, then clips
 * and filters the boxes once with {@link BoxParams}.
 *
 * <p>Each position draws from its own child stream of the sample's stream, so adding a transform at the
 * end of a pipeline, one transform being skipped by its {@code p}, or mosaic being switched on, does not change
 * what the others draw (the multi-image stage uses negative positions).
 *
 * @param multiImage mosaic and mixup, run first; {@link MultiImageStage#NONE} for neither
 */
public record Compose(List<Transform<?>> transforms, BoxParams boxParams, MultiImageStage multiImage)
        implements java.io.Serializable {

    public Compose {
        transforms = List.copyOf(transforms);
        Objects.requireNonNull(boxParams, "boxParams");
        Objects.requireNonNull(multiImage, "multiImage");
    }

    /** A single-image pipeline: no mosaic, no mixup. */
    public Compose(List<Transform<?>> transforms, BoxParams boxParams) {
        this(transforms, boxParams, MultiImageStage.NONE);
    }

    /** The same pipeline (box policy and multi-image stage included) with other single-image transforms. */
    public Compose withTransforms(List<Transform<?>> newTransforms) {
        return new Compose(newTransforms, boxParams, multiImage);
    }

    /**
     * Augments one sample with the stream derived for it (see {@link RandomStreams#forSample}); mosaic and mixup,
     * when configured, take their partners from {@code partners} (asked only when one of them applies).
     */
    public Sample apply(Sample sample, Partners partners, SplittableRandom sampleStream, AugmentationTrace trace) {
        long key = sampleStream.nextLong();
        Sample current = multiImage.apply(sample, partners, key, trace);
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

    public Sample apply(Sample sample, Partners partners, SplittableRandom sampleStream) {
        return apply(sample, partners, sampleStream, AugmentationTrace.NONE);
    }

    /**
     * Augments one sample that has no other image at hand: mosaic and mixup, when configured, use the sample
     * itself as every partner ({@link Partners#self}). Callers holding other samples pass them instead.
     */
    public Sample apply(Sample sample, SplittableRandom sampleStream, AugmentationTrace trace) {
        return apply(sample, Partners.self(sample), sampleStream, trace);
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
