package io.augflow.pipeline.ingest;

import io.augflow.augment.random.RandomStreams;
import java.io.Serializable;

/**
 * The split of a row whose layout names none: {@code default-split}, or, with {@code split} fractions set, a draw
 * that only (split-seed, id) decide. So a row's split depends neither on partitioning nor on order nor on the other
 * rows: the same id gets the same split in every run, and an existing row keeps its split when files are added,
 * one-shot or incremental.
 *
 * <p>What that costs, and what holds instead of exact stratification: for any set of n rows chosen without looking
 * at their draws (the rows of one class, say), the number in a split with fraction p is Binomial(n, p). Each
 * class's shares equal the targets in expectation, with a standard deviation of sqrt(p(1-p)/n); a class of 10
 * images gets no val image with probability 0.9^10 = 35% at p = 0.1. Matching each class's shares exactly would
 * make a row's split depend on the other rows of its class, and adding files would then move existing rows between
 * splits (a test image could end up in train): that stability is kept instead.
 */
public record SplitAssigner(String defaultSplit, SplitFractions fractions, long seed) implements Serializable {
    /** Keeps the split draw apart from every other stream keyed by the same seed and id (training's, for one). */
    private static final long DOMAIN = 0x5b1c_7a3d_e90f_2461L;

    public SplitAssigner {
        fractions = fractions == null ? SplitFractions.NONE : fractions;
    }

    /** The split of the row {@code id}. */
    public RowSplit of(String id) {
        if (fractions.isEmpty()) {
            return new RowSplit(defaultSplit, SplitSource.DEFAULT);
        }
        return new RowSplit(fractions.pick(unit(seed, id)), SplitSource.ASSIGNED);
    }

    /**
     * A uniform draw in [0, 1) from (seed, id): the id's 64-bit FNV-1a hash mixed with the seed by SplitMix64's
     * finaliser ({@link RandomStreams}), its top 53 bits as a double.
     */
    static double unit(long seed, String id) {
        long key = RandomStreams.mix(RandomStreams.mix(seed ^ DOMAIN) ^ RandomStreams.hash(id));
        return (key >>> 11) * 0x1.0p-53;
    }
}
