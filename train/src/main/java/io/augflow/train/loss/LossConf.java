package io.augflow.train.loss;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.augflow.augment.conf.ConfBlock;
import io.augflow.pipeline.stats.EffectiveNumber;
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
 *   class-balanced {       # cross-entropy, focal, ldam: weigh each example by its class's effective-number weight
 *     enabled = false      #   (Cui et al. 2019, {@link EffectiveNumber#weights}) in every epoch
 *     beta = 0.9999        #   in [0, 1); also the beta of deferred re-weighting
 *   }
 *   drw-epoch = 0          # cross-entropy, focal, ldam: deferred re-weighting (Cao et al. 2019): unweighted in the
 *                          #   epochs before this one (0-based, as history.json numbers them), class-balanced from
 *                          #   it on; 0 = off
 * }
 * </pre>
 * Weighted cross-entropy multiplies each example's cross-entropy by the weight of its class
 * ({@code LossMCXENT(weights)}); logit-adjusted and balanced-softmax are {@link LogitAdjustedLoss}, ldam is
 * {@link LdamLoss}. Keys a type does not read are ignored; unknown keys are rejected. Class-balanced weights make
 * cross-entropy {@code LossMCXENT(w)}, multiply focal's alpha by {@code w_c} (alpha 1 is Cui et al.'s class-balanced
 * focal loss) and become LDAM's class weights; the loss of an epoch is {@link #toLossFunction(int, int)}.
 *
 * @param alpha        focal alpha, one value or one per class
 * @param classWeights per-class weights, empty when not (yet) given
 * @param tau          logit-adjusted tau
 * @param maxMargin    ldam's largest margin
 * @param scale        ldam's logit scale
 * @param classCounts  training examples per class, empty when not (yet) given
 * @param classBalanced effective-number class weighting
 * @param drwEpoch     the first (0-based) epoch of deferred re-weighting, 0 for none
 */
public record LossConf(LossType type, List<Double> alpha, double gamma, List<Double> classWeights, double tau,
                       double maxMargin, double scale, List<Long> classCounts, ClassBalanced classBalanced,
                       int drwEpoch)
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
    public static final String CLASS_BALANCED = "class-balanced";
    public static final String ENABLED = "enabled";
    public static final String BETA = "beta";
    public static final String DRW_EPOCH = "drw-epoch";
    private static final List<String> KEYS = List.of(TYPE, ALPHA, GAMMA, CLASS_WEIGHTS, TAU, MAX_MARGIN, SCALE,
            CLASS_COUNTS, CLASS_BALANCED, DRW_EPOCH);
    /** The types class-balanced weighting and deferred re-weighting apply to. */
    private static final List<LossType> WEIGHABLE = List.of(LossType.CROSS_ENTROPY, LossType.FOCAL, LossType.LDAM);

    public static final LossConf DEFAULT = new LossConf(LossType.CROSS_ENTROPY, List.of(0.25), 2.0, List.of(),
            1.0, 0.5, 30.0, List.of(), ClassBalanced.OFF, 0);

    /**
     * The {@code class-balanced} block.
     *
     * @param enabled weigh every epoch by the effective-number class weights
     * @param beta    the effective number's beta, in [0, 1) (also deferred re-weighting's)
     */
    public record ClassBalanced(boolean enabled, double beta) implements java.io.Serializable {
        public static final ClassBalanced OFF = new ClassBalanced(false, 0.9999);

        public ClassBalanced {
            check(beta >= 0 && beta < 1, CLASS_BALANCED + "." + BETA, beta, "in [0, 1)");
        }
    }

    /** A configuration without class-balanced weighting or deferred re-weighting (as before they existed). */
    public LossConf(LossType type, List<Double> alpha, double gamma, List<Double> classWeights, double tau,
                    double maxMargin, double scale, List<Long> classCounts) {
        this(type, alpha, gamma, classWeights, tau, maxMargin, scale, classCounts, ClassBalanced.OFF, 0);
    }

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
        Objects.requireNonNull(classBalanced, "classBalanced");
        check(drwEpoch >= 0, DRW_EPOCH, drwEpoch, "a whole number >= 0 (0 = off)");
        boolean weighs = classBalanced.enabled() || drwEpoch > 0;
        check(!weighs || WEIGHABLE.contains(type), classBalanced.enabled() ? CLASS_BALANCED + "." + ENABLED : DRW_EPOCH,
                classBalanced.enabled() ? "true" : String.valueOf(drwEpoch),
                "off for type " + type.key() + " (class-balanced weighting and deferred re-weighting apply to "
                        + WEIGHABLE.stream().map(LossType::key).toList() + ")");
        check(!weighs || classWeights.isEmpty(), CLASS_WEIGHTS, classWeights,
                "empty when class-balanced or drw-epoch weighs the classes (one source of weights)");
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
        ConfBlock cb = b.child(CLASS_BALANCED);
        cb.rejectUnknown(List.of(ENABLED, BETA));
        return new LossConf(
                LossType.fromKey(b.string(TYPE, d.type.key()), b.key(TYPE)),
                b.numbers(ALPHA).map(LossConf::boxed).orElse(d.alpha),
                b.number(GAMMA, d.gamma),
                b.numbers(CLASS_WEIGHTS).map(LossConf::boxed).orElse(d.classWeights),
                b.number(TAU, d.tau),
                b.number(MAX_MARGIN, d.maxMargin),
                b.number(SCALE, d.scale),
                b.numbers(CLASS_COUNTS).map(LossConf::counts).orElse(d.classCounts),
                new ClassBalanced(cb.bool(ENABLED, d.classBalanced.enabled()), cb.number(BETA, d.classBalanced.beta())),
                b.integer(DRW_EPOCH, d.drwEpoch));
    }

    /** The same configuration with the class weights from the balancing statistics (index = class id). */
    public LossConf withClassWeights(double[] weights) {
        return new LossConf(type, alpha, gamma, boxed(weights), tau, maxMargin, scale, classCounts, classBalanced,
                drwEpoch);
    }

    /** The same configuration with the training examples per class (index = class id), for the long-tail losses. */
    public LossConf withClassCounts(long[] counts) {
        return new LossConf(type, alpha, gamma, classWeights, tau, maxMargin, scale,
                Arrays.stream(counts).boxed().toList(), classBalanced, drwEpoch);
    }

    /** Whether {@link #toLossFunction} needs {@link #classCounts} (the trainer fills them from its statistics). */
    public boolean needsClassCounts() {
        return type == LossType.LOGIT_ADJUSTED || type == LossType.BALANCED_SOFTMAX || type == LossType.LDAM
                || classBalanced.enabled() || drwEpoch > 0;
    }

    /** Whether the loss of {@code epoch} (0-based) weighs the classes by their effective number. */
    public boolean classBalancedIn(int epoch) {
        return classBalanced.enabled() || drwEpoch > 0 && epoch >= drwEpoch;
    }

    /** Whether the loss changes between epochs (deferred re-weighting). */
    public boolean isScheduled() {
        return drwEpoch > 0 && !classBalanced.enabled();
    }

    /** The loss of {@code epoch} in words, for logs and the history: the type, and the class weighting if any. */
    public String describe(int epoch) {
        if (!classBalancedIn(epoch)) {
            return type.key();
        }
        return type.key() + " + class-balanced weights (beta " + classBalanced.beta()
                + (classBalanced.enabled() ? "" : ", deferred from epoch " + drwEpoch) + ")";
    }

    /**
     * The DL4J loss function of the first epoch (the one a network is built with).
     *
     * @see #toLossFunction(int, int)
     */
    public ILossFunction toLossFunction(int classes) {
        return toLossFunction(classes, 0);
    }

    /**
     * The DL4J loss function for a softmax output over {@code classes} classes in the 0-based {@code epoch}: with
     * the effective-number class weights of {@link #classCounts} when {@link #classBalancedIn} that epoch.
     *
     * @throws IllegalArgumentException when a per-class list does not have one value per class, or weighted
     *                                  cross-entropy has no weights
     */
    public ILossFunction toLossFunction(int classes, int epoch) {
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be >= 2, got " + classes);
        }
        double[] balanced = classBalancedIn(epoch)
                ? EffectiveNumber.weights(checkedCounts(classes), classBalanced.beta()) : null;
        return switch (type) {
            case CROSS_ENTROPY -> balanced == null ? new LossMCXENT() : weightedCrossEntropy(balanced);
            case WEIGHTED_CROSS_ENTROPY -> {
                check(!classWeights.isEmpty(), CLASS_WEIGHTS, "none",
                        "set for type weighted-cross-entropy (the trainer fills it from the balancing statistics)");
                check(classWeights.size() == classes, CLASS_WEIGHTS, classWeights,
                        "a list with one weight per class (" + classes + ")");
                yield weightedCrossEntropy(classWeights.stream().mapToDouble(Double::doubleValue).toArray());
            }
            case FOCAL -> {
                check(alpha.size() == 1 || alpha.size() == classes, ALPHA, alpha,
                        "one number or a list with one per class (" + classes + ")");
                double[] a = alpha.stream().mapToDouble(Double::doubleValue).toArray();
                if (balanced != null) {
                    double[] perClass = new double[classes];
                    for (int c = 0; c < classes; c++) {
                        perClass[c] = a[a.length == 1 ? 0 : c] * balanced[c];
                    }
                    a = perClass;
                }
                yield new FocalLoss(a, gamma);
            }
            case LOGIT_ADJUSTED -> new LogitAdjustedLoss(checkedCounts(classes), tau);
            case BALANCED_SOFTMAX -> LogitAdjustedLoss.balancedSoftmax(checkedCounts(classes));
            case LDAM -> {
                check(classWeights.isEmpty() || classWeights.size() == classes, CLASS_WEIGHTS, classWeights,
                        "empty or a list with one weight per class (" + classes + ")");
                yield new LdamLoss(checkedCounts(classes), maxMargin, scale, balanced != null ? balanced
                        : classWeights.stream().mapToDouble(Double::doubleValue).toArray());
            }
        };
    }

    /** {@code LossMCXENT(w)}: the weights as a row vector [1, classes], in the networks' default float type. */
    public static LossMCXENT weightedCrossEntropy(double[] weights) {
        float[] w = new float[weights.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) weights[i];
        }
        return new LossMCXENT(Nd4j.createFromArray(new float[][] {w}).castTo(Nd4j.defaultFloatingPointType()));
    }

    private long[] checkedCounts(int classes) {
        check(!classCounts.isEmpty(), CLASS_COUNTS, "none",
                "set for type " + type.key() + (type == LossType.CROSS_ENTROPY || type == LossType.FOCAL
                        ? " with class-balanced weights" : "") + " (the trainer fills it from the training statistics)");
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

    /** The parameters this loss type uses, by name, as {@code model.json} records them. */
    public java.util.Map<String, Object> parameters() {
        java.util.Map<String, Object> p = new java.util.LinkedHashMap<>();
        switch (type()) {
            case FOCAL -> {
                p.put("alpha", alpha());
                p.put("gamma", gamma());
            }
            case LOGIT_ADJUSTED -> p.put("tau", tau());
            case LDAM -> {
                p.put("maxMargin", maxMargin());
                p.put("scale", scale());
            }
            default -> { }
        }
        if (!classWeights().isEmpty()) {
            p.put("classWeights", classWeights());
        }
        if (!classCounts().isEmpty()) {
            p.put("classCounts", classCounts());
        }
        return p;
    }
}
