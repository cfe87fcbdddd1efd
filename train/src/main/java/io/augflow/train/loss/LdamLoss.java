package io.augflow.train.loss;

import java.util.Arrays;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Label-distribution-aware margin loss (Cao et al., "Learning Imbalanced Datasets with Label-Distribution-Aware
 * Margin Loss", 2019) as a DL4J loss: per example, the true class's logit is lowered by its margin
 * {@code m_c = K / n_c^(1/4)} (K chosen so the largest margin is {@code maxMargin}), all logits are multiplied by
 * {@code scale}, then (optionally class-weighted) softmax cross-entropy:
 * <pre>
 *   L = - w_y log softmax(s * (z - m_y e_y))_y
 * </pre>
 * Rare classes get larger margins, so their decision boundary is pushed further from their few examples.
 * The class weights are for deferred re-weighting (DRW: {@link io.augflow.pipeline.stats.EffectiveNumber#weights} from some epoch on, {@code loss.drw-epoch});
 * an empty array means all 1.
 *
 * <p>The output layer's activation must be softmax or identity; the loss takes preOutput as logits. Per-example
 * masks only. JSON properties: {@code classCounts}, {@code maxMargin}, {@code scale}, {@code classWeights}.
 */
public final class LdamLoss implements ILossFunction {
    private static final long serialVersionUID = 1L;
    private static final String NAME = "LdamLoss";

    private final long[] classCounts;
    private final double maxMargin;
    private final double scale;
    private final double[] classWeights;
    private final double[] margins;

    /**
     * @param classCounts  training examples per class, each >= 1
     * @param maxMargin    the margin of the rarest class, finite and >= 0
     * @param scale        the factor on the logits, finite and > 0
     * @param classWeights empty (all 1) or one finite weight > 0 per class
     */
    public LdamLoss(@JsonProperty("classCounts") long[] classCounts, @JsonProperty("maxMargin") double maxMargin,
                    @JsonProperty("scale") double scale, @JsonProperty("classWeights") double[] classWeights) {
        this.classCounts = ShiftedSoftmax.checkedCounts(classCounts, NAME);
        if (!(maxMargin >= 0) || Double.isInfinite(maxMargin)) {
            throw new IllegalArgumentException(NAME + " maxMargin must be a finite number >= 0, got " + maxMargin);
        }
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException(NAME + " scale must be a finite number > 0, got " + scale);
        }
        double[] w = classWeights == null ? new double[0] : classWeights.clone();
        if (w.length != 0 && w.length != classCounts.length
                || Arrays.stream(w).anyMatch(x -> !(x > 0) || Double.isInfinite(x))) {
            throw new IllegalArgumentException(NAME + " classWeights must be empty or one finite weight > 0 per class ("
                    + classCounts.length + "), got " + Arrays.toString(w));
        }
        this.maxMargin = maxMargin;
        this.scale = scale;
        this.classWeights = w;
        double[] raw = Arrays.stream(classCounts).mapToDouble(n -> 1.0 / Math.pow(n, 0.25)).toArray();
        double largest = Arrays.stream(raw).max().orElseThrow();
        this.margins = Arrays.stream(raw).map(m -> m * maxMargin / largest).toArray();
    }

    public LdamLoss(long[] classCounts, double maxMargin, double scale) {
        this(classCounts, maxMargin, scale, new double[0]);
    }

    /** The same margins and scale with (deferred) class weights. */
    public LdamLoss withClassWeights(double[] weights) {
        return new LdamLoss(classCounts, maxMargin, scale, weights);
    }

    public long[] getClassCounts() {
        return classCounts.clone();
    }

    public double getMaxMargin() {
        return maxMargin;
    }

    public double getScale() {
        return scale;
    }

    public double[] getClassWeights() {
        return classWeights.clone();
    }

    /** The per-class margins {@code m_c} (not a bean getter, so not written to JSON). */
    public double[] margins() {
        return margins.clone();
    }

    private INDArray adjusted(INDArray labels, INDArray preOutput, IActivation activationFn) {
        ShiftedSoftmax.checkActivation(activationFn, NAME);
        ShiftedSoftmax.checkShapes(labels, preOutput, classCounts.length, NAME);
        return preOutput.sub(labels.mulRowVector(ShiftedSoftmax.row(margins, preOutput))).muli(scale);
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        INDArray scores = computeScoreArray(labels, preOutput, activationFn, mask);
        double score = scores.sumNumber().doubleValue();
        return average ? score / scores.size(0) : score;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return ShiftedSoftmax.scoreArray(labels, adjusted(labels, preOutput, activationFn), classWeights, mask, NAME)
                .sum(true, 1);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return ShiftedSoftmax.gradient(labels, adjusted(labels, preOutput, activationFn), classWeights, scale, mask,
                NAME);
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String name() {
        return toString();
    }

    @Override
    public String toString() {
        return NAME + "(classCounts=" + Arrays.toString(classCounts) + ", maxMargin=" + maxMargin + ", scale=" + scale
                + ", classWeights=" + Arrays.toString(classWeights) + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LdamLoss l && l.maxMargin == maxMargin && l.scale == scale
                && Arrays.equals(l.classCounts, classCounts) && Arrays.equals(l.classWeights, classWeights);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new int[] {Arrays.hashCode(classCounts), Double.hashCode(maxMargin),
                Double.hashCode(scale), Arrays.hashCode(classWeights)});
    }
}
