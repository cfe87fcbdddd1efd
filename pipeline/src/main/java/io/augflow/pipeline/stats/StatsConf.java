package io.augflow.pipeline.stats;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.augflow.augment.conf.ConfBlock;
import io.augflow.pipeline.dataset.DatasetSchema;
import java.io.Serializable;
import java.util.List;
import java.util.TreeSet;

/**
 * What {@link DatasetStatistics} measures, typed from a HOCON {@code stats} block. Every key is optional:
 *
 * <pre>
 * stats {
 *   small-area  = 1024      # box area (px^2) below which an object is "small"   (COCO: 32^2)
 *   medium-area = 9216      # box area below which a non-small object is "medium" (COCO: 96^2); larger is "large"
 *   beta        = 0.999     # Cui et al. 2019 effective number (1 - beta^n) / (1 - beta), in [0, 1)
 *   splits      = [train]   # which values of the split column are counted (non-empty, from train|val|test)
 * }
 * </pre>
 *
 * Areas are of the axis-aligned box ({@code w * h}), not of a segmentation mask as in COCO.
 */
public record StatsConf(
        @JsonProperty("smallArea") double smallArea,
        @JsonProperty("mediumArea") double mediumArea,
        @JsonProperty("beta") double beta,
        @JsonProperty("splits") List<String> splits) implements Serializable {

    /** Key: box area in px^2 below which an object is small; default 32*32. */
    public static final String SMALL_AREA = "small-area";
    /** Key: box area in px^2 below which a non-small object is medium; default 96*96. */
    public static final String MEDIUM_AREA = "medium-area";
    /** Key: beta of the effective number of samples; default 0.999. */
    public static final String BETA = "beta";
    /** Key: the splits counted; default [train]. */
    public static final String SPLITS = "splits";

    public static final double DEFAULT_SMALL_AREA = 32 * 32;
    public static final double DEFAULT_MEDIUM_AREA = 96 * 96;
    public static final double DEFAULT_BETA = 0.999;
    public static final List<String> DEFAULT_SPLITS = List.of("train");

    private static final String BLOCK = ConfBlock.ROOT + ".stats.";
    private static final List<String> KEYS = List.of(SMALL_AREA, MEDIUM_AREA, BETA, SPLITS);

    public StatsConf {
        if (!(smallArea > 0) || Double.isInfinite(smallArea)) {
            throw new IllegalArgumentException(BLOCK + SMALL_AREA + " must be a finite number > 0, got " + smallArea);
        }
        if (!(mediumArea > smallArea) || Double.isInfinite(mediumArea)) {
            throw new IllegalArgumentException(BLOCK + MEDIUM_AREA + " must be finite and > " + BLOCK + SMALL_AREA
                    + " (" + smallArea + "), got " + mediumArea);
        }
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException(BLOCK + BETA + " must be in [0, 1), got " + beta);
        }
        splits = List.copyOf(new TreeSet<>(splits));
        if (splits.isEmpty()) {
            throw new IllegalArgumentException(BLOCK + SPLITS + " must name at least one of " + DatasetSchema.SPLITS
                    + ", got []");
        }
        for (String split : splits) {
            if (!DatasetSchema.SPLITS.contains(split)) {
                throw new IllegalArgumentException(BLOCK + SPLITS + " values must be one of " + DatasetSchema.SPLITS
                        + ", got '" + split + "'");
            }
        }
    }

    public static StatsConf defaults() {
        return new StatsConf(DEFAULT_SMALL_AREA, DEFAULT_MEDIUM_AREA, DEFAULT_BETA, DEFAULT_SPLITS);
    }

    /** Reads the {@code stats} block (the block itself, not its parent); absent keys take their defaults. */
    public static StatsConf from(Config stats) {
        ConfBlock b = ConfBlock.under(stats, "stats");
        b.rejectUnknown(KEYS);
        List<String> splits = DEFAULT_SPLITS;
        if (b.has(SPLITS)) {
            try {
                splits = stats.getStringList(SPLITS);
            } catch (ConfigException.WrongType e) {
                throw new IllegalArgumentException(b.key(SPLITS) + " must be a list of split names, got "
                        + stats.getValue(SPLITS).render(), e);
            }
        }
        return new StatsConf(b.number(SMALL_AREA, DEFAULT_SMALL_AREA), b.number(MEDIUM_AREA, DEFAULT_MEDIUM_AREA),
                b.number(BETA, DEFAULT_BETA), splits);
    }

    /**
     * Cui et al. 2019, the expected volume covered by {@code n} samples: {@code (1 - beta^n) / (1 - beta)}.
     * It grows like {@code n} for small {@code n} and saturates at {@code 1 / (1 - beta)}; 0 for {@code n = 0}.
     */
    public double effectiveNumber(long n) {
        return EffectiveNumber.of(n, beta);
    }
}
