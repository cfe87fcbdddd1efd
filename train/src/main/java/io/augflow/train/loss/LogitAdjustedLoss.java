package io.augflow.train.loss;

import java.util.Arrays;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Logit-adjusted softmax cross-entropy (Menon et al., "Long-tail learning via logit adjustment", 2021) as a DL4J
 * loss: cross-entropy of {@code softmax(z + tau * log(prior))} with {@code prior_c = n_c / sum n}, where
 * {@code z} is the layer's preOutput (the logits). Rare classes get a lower offset, so the network must push
 * their logits higher to win, which at inference (plain softmax of {@code z}) favours them by exactly the
 * amount that undoes the training prior.
 *
 * <p>{@link #balancedSoftmax} (Ren et al., "Balanced Meta-Softmax", 2020) is {@code softmax(z + log n_c)}: the
 * same loss with {@code tau = 1}, since adding {@code log sum n} to every logit does not change a softmax.
 *
 * <p>The output layer's activation must be softmax (predictions stay the unadjusted softmax) or identity; the
 * loss takes preOutput as logits either way. Per-example masks only. JSON properties: {@code classCounts},
 * {@code tau}.
 */
public final class LogitAdjustedLoss implements ILossFunction {
    private static final long serialVersionUID = 1L;
    private static final String NAME = "LogitAdjustedLoss";

    private final long[] classCounts;
    private final double tau;
    private final double[] offsets;

    /**
     * @param classCounts training examples per class (index = class id), each >= 1
     * @param tau         strength of the adjustment, finite and >= 0 (0 is plain cross-entropy)
     */
    public LogitAdjustedLoss(@JsonProperty("classCounts") long[] classCounts, @JsonProperty("tau") double tau) {
        this.classCounts = ShiftedSoftmax.checkedCounts(classCounts, NAME);
        if (!(tau >= 0) || Double.isInfinite(tau)) {
            throw new IllegalArgumentException(NAME + " tau must be a finite number >= 0, got " + tau);
        }
        this.tau = tau;
        double total = Arrays.stream(classCounts).asDoubleStream().sum();
        this.offsets = Arrays.stream(classCounts).mapToDouble(n -> tau * Math.log(n / total)).toArray();
    }

    /** Balanced softmax: logits plus {@code log n_c}, i.e. logit adjustment with {@code tau = 1}. */
    public static LogitAdjustedLoss balancedSoftmax(long[] classCounts) {
        return new LogitAdjustedLoss(classCounts, 1.0);
    }

    public long[] getClassCounts() {
        return classCounts.clone();
    }

    public double getTau() {
        return tau;
    }

    private INDArray adjusted(INDArray labels, INDArray preOutput, IActivation activationFn) {
        ShiftedSoftmax.checkActivation(activationFn, NAME);
        ShiftedSoftmax.checkShapes(labels, preOutput, classCounts.length, NAME);
        return preOutput.addRowVector(ShiftedSoftmax.row(offsets, preOutput));
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
        return ShiftedSoftmax.scoreArray(labels, adjusted(labels, preOutput, activationFn), new double[0], mask, NAME)
                .sum(true, 1);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return ShiftedSoftmax.gradient(labels, adjusted(labels, preOutput, activationFn), new double[0], 1.0, mask,
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
        return NAME + "(classCounts=" + Arrays.toString(classCounts) + ", tau=" + tau + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogitAdjustedLoss l && l.tau == tau && Arrays.equals(l.classCounts, classCounts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(classCounts) + Double.hashCode(tau);
    }
}
