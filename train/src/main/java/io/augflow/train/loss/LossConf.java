package io.augflow.train.loss;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.augflow.augment.conf.ConfBlock;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * The typed {@code loss} block, turned into a DL4J loss for a softmax output by {@link #toLossFunction(int)}.
 *
 * <pre>
 * loss {
 *   type = cross-entropy   # cross-entropy | weighted-cross-entropy | focal | logit-adjusted | balanced-softmax | ldam
 *   alpha = 0.25           # focal: one number for all classes, or a list with one per class; each > 0
 *   gamma = 2.0            # focal: focusing parameter, >= 0 (0 with alpha 1 is cross-entropy)
 *   class-weights = []     # weighted-cross-entropy: one weight > 0 per class; usually not written by hand but
 *                          #   filled by the trainer from the balancing statistics ({@link #withClassWeights});
 *                          #   ldam: optional weights (deferred re-weighting)
 *   tau = 1.0              # logit-adjusted: strength of the log-prior offset, >= 0
 *   max-margin = 0.5       # ldam: margin of the rarest class, >= 0
 *   scale = 30.0           # ldam: factor on the logits, > 0
 *   class-counts = []      # logit-adjusted, balanced-softmax, ldam: examples per class, each >= 1; filled by the
 *                          #   trainer from the training statistics ({@link #withClassCounts})
 * }
 * </pre>
 * Weighted cross-entropy multiplies each example's cross-entropy by the weight of its class
 * ({@code LossMCXENT(weights)}); logit-adjusted and balanced-softmax are {@link LogitAdjustedLoss}, ldam is
 * {@link LdamLoss}. Keys a type does not read are ignored; unknown keys are rejected.
 *
 * @param alpha        focal alpha, one value or one per class
 * @param classWeights per-class weights, empty when not (yet) given
 * @param tau          logit-adjusted tau
 * @param maxMargin    ldam's largest margin
 * @param scale        ldam's logit scale
 * @param classCounts  training examples per class, empty when not (yet) given
 */
public record LossConf(LossType type, List<Double> alpha, double gamma, List<Double> classWeights, double tau,
                       double maxMargin, double scale, List<Long> classCounts)
        implements java.io.Serializable {
    public static final String PATH = "loss";
    public static final String TYPE = "type";
    public static final String ALPHA = "alpha";
    public static final String GAMMA = "gamma";
    public static final String CLASS_WEIGHTS = "class-weights";
    public static final String TAU = "tau";
    public static final String MAX_MARGIN = "max-margin";
    public static final String SCALE = "scale";
    public static final String CLASS_COUNTS = "class-counts";
    private static final List<String> KEYS = List.of(TYPE, ALPHA, GAMMA, CLASS_WEIGHTS, TAU, MAX_MARGIN, SCALE,
            CLASS_COUNTS);

    public static final LossConf DEFAULT = new LossConf(LossType.CROSS_ENTROPY, List.of(0.25), 2.0, List.of(),
            1.0, 0.5, 30.0, List.of());

    public LossConf {
        Objects.requireNonNull(type, "type");
        alpha = List.copyOf(alpha);
        classWeights = List.copyOf(classWeights);
        classCounts = List.copyOf(classCounts);
        check(!alpha.isEmpty() && alpha.stream().allMatch(a -> a > 0 && !a.isInfinite()), ALPHA, alpha,
                "a number > 0 or a non-empty list of them");
        check(gamma >= 0 && !Double.isInfinite(gamma), GAMMA, gamma, "a finite number >= 0");
        check(classWeights.stream().allMatch(w -> w > 0 && !w.isInfinite()), CLASS_WEIGHTS, classWeights,
                "a list of finite numbers > 0");
        check(tau >= 0 && !Double.isInfinite(tau), TAU, tau, "a finite number >= 0");
        check(maxMargin >= 0 && !Double.isInfinite(maxMargin), MAX_MARGIN, maxMargin, "a finite number >= 0");
        check(scale > 0 && !Double.isInfinite(scale), SCALE, scale, "a finite number > 0");
        check(classCounts.stream().allMatch(n -> n >= 1), CLASS_COUNTS, classCounts, "a list of whole numbers >= 1");
    }

    /** Reads {@code loss} from a whole configuration; an absent block means plain cross-entropy. */
    public static LossConf fromRoot(Config root) {
        return from(ConfBlock.of(root, PATH));
    }

    /** Parses a HOCON text holding a {@code loss { ... }} block. */
    public static LossConf parse(String hocon) {
        return fromRoot(ConfigFactory.parseString(hocon).resolve());
    }

    /** Reads the contents of a {@code loss} block. */
    public static LossConf from(ConfBlock b) {
        b.rejectUnknown(KEYS);
        LossConf d = DEFAULT;
        return new LossConf(
                LossType.fromKey(b.string(TYPE, d.type.key()), b.key(TYPE)),
                b.numbers(ALPHA).map(LossConf::boxed).orElse(d.alpha),
                b.number(GAMMA, d.gamma),
                b.numbers(CLASS_WEIGHTS).map(LossConf::boxed).orElse(d.classWeights),
                b.number(TAU, d.tau),
                b.number(MAX_MARGIN, d.maxMargin),
                b.number(SCALE, d.scale),
                b.numbers(CLASS_COUNTS).map(LossConf::counts).orElse(d.classCounts));
    }

    /** The same configuration with the class weights from the balancing statistics (index = class id). */
    public LossConf withClassWeights(double[] weights) {
        return new LossConf(type, alpha, gamma, boxed(weights), tau, maxMargin, scale, classCounts);
    }

    /** The same configuration with the training examples per class (index = class id), for the long-tail losses. */
    public LossConf withClassCounts(long[] counts) {
        return new LossConf(type, alpha, gamma, classWeights, tau, maxMargin, scale,
                Arrays.stream(counts).boxed().toList());
    }

    /** Whether {@link #toLossFunction} needs {@link #classCounts} (the trainer fills them from its statistics). */
    public boolean needsClassCounts() {
        return type == LossType.LOGIT_ADJUSTED || type == LossType.BALANCED_SOFTMAX || type == LossType.LDAM;
    }

    /**
     * The DL4J loss function for a softmax output over {@code classes} classes.
     *
     * @throws IllegalArgumentException when a per-class list does not have one value per class, or weighted
     *                                  cross-entropy has no weights
     */
    public ILossFunction toLossFunction(int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be >= 2, got " + classes);
        }
        return switch (type) {
            case CROSS_ENTROPY -> new LossMCXENT();
            case WEIGHTED_CROSS_ENTROPY -> {
                check(!classWeights.isEmpty(), CLASS_WEIGHTS, "none",
                        "set for type weighted-cross-entropy (the trainer fills it from the balancing statistics)");
                check(classWeights.size() == classes, CLASS_WEIGHTS, classWeights,
                        "a list with one weight per class (" + classes + ")");
                float[] w = new float[classes];
                for (int i = 0; i < classes; i++) {
                    w[i] = classWeights.get(i).floatValue();
                }
                // Row vector [1, classes], in the networks' default float type.
                yield new LossMCXENT(Nd4j.createFromArray(new float[][] {w}).castTo(Nd4j.defaultFloatingPointType()));
            }
            case FOCAL -> {
                check(alpha.size() == 1 || alpha.size() == classes, ALPHA, alpha,
                        "one number or a list with one per class (" + classes + ")");
                yield new FocalLoss(alpha.stream().mapToDouble(Double::doubleValue).toArray(), gamma);
            }
            case LOGIT_ADJUSTED -> new LogitAdjustedLoss(checkedCounts(classes), tau);
            case BALANCED_SOFTMAX -> LogitAdjustedLoss.balancedSoftmax(checkedCounts(classes));
            case LDAM -> {
                check(classWeights.isEmpty() || classWeights.size() == classes, CLASS_WEIGHTS, classWeights,
                        "empty or a list with one weight per class (" + classes + ")");
                yield new LdamLoss(checkedCounts(classes), maxMargin, scale,
                        classWeights.stream().mapToDouble(Double::doubleValue).toArray());
            }
        };
    }

    private long[] checkedCounts(int classes) {
        check(!classCounts.isEmpty(), CLASS_COUNTS, "none",
                "set for type " + type.key() + " (the trainer fills it from the training statistics)");
        check(classCounts.size() == classes, CLASS_COUNTS, classCounts,
                "a list with one count per class (" + classes + ")");
        return classCounts.stream().mapToLong(Long::longValue).toArray();
    }

    /** Counts written in HOCON arrive as numbers; a fraction is not a count. */
    private static List<Long> counts(double[] values) {
        check(Arrays.stream(values).allMatch(v -> v == Math.rint(v) && v >= 1 && v <= Long.MAX_VALUE), CLASS_COUNTS,
                Arrays.toString(values), "a list of whole numbers >= 1");
        return Arrays.stream(values).mapToObj(v -> (long) v).toList();
    }

    private static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    private static void check(boolean ok, String key, Object value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException(ConfBlock.ROOT + "." + PATH + "." + key + " must be " + rule + ", got " + value);
        }
    }
}
