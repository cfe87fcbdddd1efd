package io.augflow.train.model;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.augflow.train.conf.ConfBlock;
import java.util.List;
import java.util.Objects;

/**
 * The typed {@code model} block.
 *
 * <pre>
 * model {
 *   architecture = lenet5   # lenet5 | vgg-small | resnet-small | mobilenet-small
 *   batch-norm = true       # batch normalisation after every convolution (lenet5 too)
 *   dropout = 0.0           # drop probability in [0, 0.9] before the classifier (0 = none)
 *   l2 = 1e-4               # L2 weight penalty on all parameters, >= 0
 *   seed = 42               # weight initialisation seed
 *   base-filters = 32       # vgg/resnet/mobilenet: filters of the first stage, doubled per stage, in [1, 1024]
 *   stages = 3              # vgg/resnet/mobilenet: stages, each halving height and width, in [1, 6]
 * }
 * </pre>
 * LeNet-5 has a fixed layout and ignores {@code base-filters} and {@code stages}. Unknown keys are rejected.
 */
public record ModelConf(Architecture architecture, boolean batchNorm, double dropout, double l2, long seed,
                        int baseFilters, int stages) implements java.io.Serializable {
    public static final String PATH = "model";
    public static final String ARCHITECTURE = "architecture";
    public static final String BATCH_NORM = "batch-norm";
    public static final String DROPOUT = "dropout";
    public static final String L2 = "l2";
    public static final String SEED = "seed";
    public static final String BASE_FILTERS = "base-filters";
    public static final String STAGES = "stages";
    private static final List<String> KEYS = List.of(ARCHITECTURE, BATCH_NORM, DROPOUT, L2, SEED, BASE_FILTERS, STAGES);

    public static final ModelConf DEFAULT = new ModelConf(Architecture.LENET5, true, 0.0, 1e-4, 42, 32, 3);

    public ModelConf {
        Objects.requireNonNull(architecture, "architecture");
        check(dropout >= 0 && dropout <= 0.9, DROPOUT, dropout, "in [0, 0.9]");
        check(l2 >= 0 && !Double.isInfinite(l2), L2, l2, "a finite number >= 0");
        check(baseFilters >= 1 && baseFilters <= 1024, BASE_FILTERS, baseFilters, "in [1, 1024]");
        check(stages >= 1 && stages <= 6, STAGES, stages, "in [1, 6]");
    }

    /** The given architecture with all other values at their defaults. */
    public static ModelConf defaults(Architecture architecture) {
        ModelConf d = DEFAULT;
        return new ModelConf(architecture, d.batchNorm, d.dropout, d.l2, d.seed, d.baseFilters, d.stages);
    }

    /** Reads {@code model} from a whole configuration; an absent block means all defaults. */
    public static ModelConf fromRoot(Config root) {
        return from(ConfBlock.of(root, PATH));
    }

    /** Parses a HOCON text holding a {@code model { ... }} block. */
    public static ModelConf parse(String hocon) {
        return fromRoot(ConfigFactory.parseString(hocon).resolve());
    }

    /** Reads the contents of a {@code model} block. */
    public static ModelConf from(ConfBlock b) {
        b.rejectUnknown(KEYS);
        ModelConf d = DEFAULT;
        return new ModelConf(
                Architecture.fromKey(b.string(ARCHITECTURE, d.architecture.key()), b.key(ARCHITECTURE)),
                b.bool(BATCH_NORM, d.batchNorm),
                b.number(DROPOUT, d.dropout),
                b.number(L2, d.l2),
                b.longInteger(SEED, d.seed),
                b.integer(BASE_FILTERS, d.baseFilters),
                b.integer(STAGES, d.stages));
    }

    /** Filters of stage {@code s} (0-based): {@code base-filters * 2^s}. */
    public int filters(int stage) {
        return baseFilters << stage;
    }

    /** DL4J's dropout argument is the probability to keep an activation. */
    double retainProbability() {
        return 1.0 - dropout;
    }

    static void check(boolean ok, String key, Object value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException(PATH + "." + key + " must be " + rule + ", got " + value);
        }
    }
}
