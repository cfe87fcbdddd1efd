package io.augflow.jobs.preview;

import com.typesafe.config.Config;
import io.augflow.augment.conf.ConfBlock;
import io.augflow.pipeline.dataset.DatasetSchema;
import java.util.List;

/**
 * The typed {@code preview} block. Bounds keep the picture (and the driver's memory) small: at most
 * {@value #MAX_SAMPLES} x ({@value #MAX_AUGMENTATIONS} + 1) cells of at most {@value #MAX_CELL} px.
 *
 * <pre>
 * preview {
 *   samples = 8             # rows of the grid, [1, 64]
 *   augmentations = 6       # augmented columns after the original, [1, 16]
 *   split = train           # train | val | test
 *   epoch = 0               # the epoch whose draws are shown, >= 0
 *   cell = 160              # side of a square cell in px, [32, 512]
 *   donors-per-class = 50   # bound of the copy-paste donor bank, [1, 10000]
 * }
 * </pre>
 */
public record PreviewConf(int samples, int augmentations, String split, int epoch, int cell, int donorsPerClass) {
    public static final String PATH = "preview";
    /** Key: rows of the grid. */
    public static final String SAMPLES = "samples";
    /** Key: augmented columns after the original. */
    public static final String AUGMENTATIONS = "augmentations";
    /** Key: the split the rows come from. */
    public static final String SPLIT = "split";
    /** Key: the epoch whose draws are shown. */
    public static final String EPOCH = "epoch";
    /** Key: side of a square cell in px. */
    public static final String CELL = "cell";
    /** Key: bound of the copy-paste donor bank. */
    public static final String DONORS_PER_CLASS = "donors-per-class";
    private static final List<String> KEYS = List.of(SAMPLES, AUGMENTATIONS, SPLIT, EPOCH, CELL, DONORS_PER_CLASS);
    private static final String BLOCK = ConfBlock.ROOT + "." + PATH;
    public static final int MAX_SAMPLES = 64;
    public static final int MAX_AUGMENTATIONS = 16;
    public static final int MIN_CELL = 32;
    public static final int MAX_CELL = 512;
    public static final int MAX_DONORS_PER_CLASS = 10_000;

    public PreviewConf {
        within("samples", "--samples", samples, 1, MAX_SAMPLES);
        within("augmentations", "--augmentations", augmentations, 1, MAX_AUGMENTATIONS);
        if (!DatasetSchema.SPLITS.contains(split)) {
            throw new IllegalArgumentException(BLOCK + ".split (--split) must be one of " + DatasetSchema.SPLITS
                    + ", got '" + split + "'");
        }
        within("epoch", "--epoch", epoch, 0, Integer.MAX_VALUE);
        within("cell", "--cell", cell, MIN_CELL, MAX_CELL);
        within("donors-per-class", null, donorsPerClass, 1, MAX_DONORS_PER_CLASS);
    }

    /** Reads the {@code preview} block (the block itself); every key is required (conf/augflow.conf has them). */
    public static PreviewConf from(Config block) {
        ConfBlock b = ConfBlock.under(block, PATH);
        b.rejectUnknown(KEYS);
        for (String key : KEYS) {
            if (!b.has(key)) {
                throw new IllegalArgumentException(b.key(key) + " must be given (conf/augflow.conf has a default)");
            }
        }
        return new PreviewConf(b.integer(SAMPLES, 0), b.integer(AUGMENTATIONS, 0), b.string(SPLIT, null),
                b.integer(EPOCH, 0), b.integer(CELL, 0), b.integer(DONORS_PER_CLASS, 0));
    }

    private static void within(String key, String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(BLOCK + "." + key + (option == null ? "" : " (" + option + ")")
                    + " must be in [" + min + ", " + (max == Integer.MAX_VALUE ? "inf" : max) + "], got " + value);
        }
    }
}
