package io.augflow.pipeline.donor;

import com.typesafe.config.Config;
import io.augflow.augment.conf.ConfBlock;
import java.io.Serializable;
import java.util.List;

/**
 * The {@code donors} block, every key optional:
 *
 * <pre>
 * donors {
 *   max-per-class = 200    # at most this many donors per class, [1, 100000]
 *   small-area    = 1024   # a box is a donor when its area (px^2) is below this (COCO small: 32^2)
 *   seed          = 42     # which donors are kept when a class has more than max-per-class
 * }
 * </pre>
 */
public record DonorConf(int maxPerClass, double smallArea, long seed) implements Serializable {
    /** Key: the bound per class; default 200. */
    public static final String MAX_PER_CLASS = "max-per-class";
    /** Key: area below which a box is small; default 32*32. */
    public static final String SMALL_AREA = "small-area";
    /** Key: seed of the selection; default 42. */
    public static final String SEED = "seed";

    public static final int DEFAULT_MAX_PER_CLASS = 200;
    public static final int MAX_MAX_PER_CLASS = 100_000;
    public static final double DEFAULT_SMALL_AREA = 32 * 32;
    public static final long DEFAULT_SEED = 42;
    private static final String BLOCK = ConfBlock.ROOT + ".donors.";
    private static final List<String> KEYS = List.of(MAX_PER_CLASS, SMALL_AREA, SEED);

    public DonorConf {
        if (maxPerClass < 1 || maxPerClass > MAX_MAX_PER_CLASS) {
            throw new IllegalArgumentException(BLOCK + MAX_PER_CLASS + " must be an integer in [1, "
                    + MAX_MAX_PER_CLASS + "], got " + maxPerClass);
        }
        if (!(smallArea > 0) || Double.isInfinite(smallArea)) {
            throw new IllegalArgumentException(BLOCK + SMALL_AREA + " must be a finite number > 0, got " + smallArea);
        }
    }

    public static DonorConf defaults() {
        return new DonorConf(DEFAULT_MAX_PER_CLASS, DEFAULT_SMALL_AREA, DEFAULT_SEED);
    }

    /** Reads the {@code donors} block (the block itself); absent keys take their defaults. */
    public static DonorConf from(Config donors) {
        ConfBlock b = ConfBlock.under(donors, "donors");
        b.rejectUnknown(KEYS);
        return new DonorConf(b.integer(MAX_PER_CLASS, DEFAULT_MAX_PER_CLASS), b.number(SMALL_AREA, DEFAULT_SMALL_AREA),
                b.longInteger(SEED, DEFAULT_SEED));
    }
}
