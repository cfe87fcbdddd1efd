package io.augflow.train.loss;

import java.util.Arrays;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.LossUtil;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Multi-class focal loss (Lin et al., "Focal Loss for Dense Object Detection", 2017) as a DL4J loss function.
 * With {@code p = activation(preOutput)} (softmax in our models, applied here, as {@code LossMCXENT} does) and
 * labels {@code y}, per example
 * <pre>
 *   FL = - sum_c  y_c * alpha_c * (1 - p_c)^gamma * log(p_c)
 * </pre>
 * which for one-hot labels is the paper's {@code -alpha_t (1 - p_t)^gamma log(p_t)}. The factor
 * {@code (1 - p)^gamma} shrinks the loss of examples the model already gets right, so training focuses on the
 * hard ones; {@code gamma = 0, alpha = 1} is plain cross-entropy.
 *
 * <p>The gradient with respect to the output is
 * {@code dFL/dp_c = -y_c alpha_c [ (1 - p_c)^gamma / p_c - gamma (1 - p_c)^(gamma - 1) log(p_c) ]};
 * {@link IActivation#backprop} carries it back through the activation (for softmax, its full Jacobian).
 * Probabilities are clipped to {@code [1e-10, 1 - 1e-10]} before the logarithm, as {@code LossMCXENT} does.
 *
 * <p>Masks: a per-example mask (shape {@code [minibatch, 1]}) is applied to score and gradient; a per-output
 * mask is rejected, since it does not make sense across a softmax. JSON-serialisable (a network saved with
 * {@code ModelSerializer} loads again): the properties are {@code alpha} and {@code gamma}.
 */
public final class FocalLoss implements ILossFunction {
    private static final long serialVersionUID = 1L;
    /** Probabilities are kept in [CLIP, 1 - CLIP]. */
    public static final double CLIP = 1e-10;
    /** Floor of (1 - p) in (1 - p)^(gamma - 1), so that gamma < 1 cannot divide by zero in float precision. */
    private static final double TINY = 1e-12;

    private final double[] alpha;
    private final double gamma;

    /**
     * @param alpha one weight for every class (length 1) or one per class, each > 0
     * @param gamma focusing parameter, >= 0
     */
    public FocalLoss(@JsonProperty("alpha") double[] alpha, @JsonProperty("gamma") double gamma) {
        if (alpha == null || alpha.length == 0) {
            throw new IllegalArgumentException("focal alpha must hold one value or one per class, got none");
        }
        for (double a : alpha) {
            if (!(a > 0) || Double.isInfinite(a)) {
                throw new IllegalArgumentException("focal alpha values must be finite numbers > 0, got "
                        + Arrays.toString(alpha));
            }
        }
        if (!(gamma >= 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("focal gamma must be a finite number >= 0, got " + gamma);
        }
        this.alpha = alpha.clone();
        this.gamma = gamma;
    }

    public FocalLoss(double alpha, double gamma) {
        this(new double[] {alpha}, gamma);
    }

    public double[] getAlpha() {
        return alpha.clone();
    }

    public double getGamma() {
        return gamma;
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        INDArray scoreArr = scoreArray(labels, preOutput, activationFn, mask);
        double score = scoreArr.sumNumber().doubleValue();
        return average ? score / scoreArr.size(0) : score;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return scoreArray(labels, preOutput, activationFn, mask).sum(true, 1);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray p = probabilities(labels, preOutput, activationFn);
        if (mask != null && LossUtil.isPerOutputMasking(p, mask)) {
            throw new UnsupportedOperationException("FocalLoss supports per-example masks of shape [minibatch, 1] only,"
                    + " got a mask of shape " + Arrays.toString(mask.shape()) + " for output "
                    + Arrays.toString(p.shape()));
        }
        INDArray oneMinusP = p.rsub(1.0);
        // (1 - p)^gamma / p
        INDArray dLdp = Transforms.pow(oneMinusP, gamma, true).divi(p);
        if (gamma != 0) {
            // - gamma (1 - p)^(gamma - 1) log p
            INDArray focusTerm = Transforms.pow(Transforms.max(oneMinusP, TINY, true), gamma - 1, false)
                    .muli(Transforms.log(p, true)).muli(gamma);
            dLdp.subi(focusTerm);
        }
        dLdp.muli(weightedLabels(labels, p)).negi();
        INDArray grad = activationFn.backprop(preOutput.dup(), dLdp).getFirst();
        if (mask != null) {
            LossUtil.applyMask(grad, mask);
        }
        return grad;
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    /** Per example and class: {@code -y alpha (1 - p)^gamma log p}. */
    private INDArray scoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray p = probabilities(labels, preOutput, activationFn);
        INDArray scoreArr = Transforms.log(p, true);
        if (gamma != 0) {
            scoreArr.muli(Transforms.pow(p.rsub(1.0), gamma, false));
        }
        scoreArr.muli(weightedLabels(labels, p)).negi();
        if (mask != null) {
            LossUtil.applyMask(scoreArr, mask);
        }
        return scoreArr;
    }

    private INDArray probabilities(INDArray labels, INDArray preOutput, IActivation activationFn) {
        if (!labels.equalShapes(preOutput)) {
            throw new IllegalArgumentException("FocalLoss: labels and preOutput must have equal shapes, got "
                    + Arrays.toString(labels.shape()) + " and " + Arrays.toString(preOutput.shape()));
        }
        if (alpha.length != 1 && alpha.length != preOutput.size(1)) {
            throw new IllegalArgumentException("FocalLoss: alpha has " + alpha.length + " values but the output has "
                    + preOutput.size(1) + " classes");
        }
        INDArray p = activationFn.getActivation(preOutput.dup(), true);
        Transforms.max(p, CLIP, false);
        Transforms.min(p, 1.0 - CLIP, false);
        return p;
    }

    /** {@code y * alpha}, broadcast per class, in the data type of the network. */
    private INDArray weightedLabels(INDArray labels, INDArray like) {
        if (alpha.length == 1) {
            return labels.mul(alpha[0]);
        }
        INDArray row = Nd4j.createFromArray(alpha).castTo(like.dataType()).reshape(1, alpha.length);
        return labels.mulRowVector(row);
    }

    @Override
    public String name() {
        return toString();
    }

    @Override
    public String toString() {
        return "FocalLoss(alpha=" + Arrays.toString(alpha) + ", gamma=" + gamma + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FocalLoss f && f.gamma == gamma && Arrays.equals(f.alpha, alpha);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(alpha) + Double.hashCode(gamma);
    }
}
