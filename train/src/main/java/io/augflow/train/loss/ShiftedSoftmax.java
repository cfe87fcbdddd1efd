package io.augflow.train.loss;

import java.util.Arrays;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossUtil;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The arithmetic the long-tail losses share: class-weighted softmax cross-entropy on logits that the caller has
 * already shifted (and scaled). Per example, with {@code z'} the adjusted logits and {@code w} the class weights,
 * {@code L = - sum_c y_c w_c log softmax(z')_c} and {@code dL/dz'_j = p_j sum_c y_c w_c - y_j w_j}.
 * The softmax is computed here from the logits (stable log-sum-exp), so the layer's own activation is not used.
 */
final class ShiftedSoftmax {
    private ShiftedSoftmax() {
    }

    /**
     * The layer's activation must leave preOutput as logits for the loss: softmax (the loss redoes it on the
     * adjusted logits, and predictions stay the plain softmax) or identity.
     */
    static void checkActivation(IActivation activationFn, String loss) {
        if (!(activationFn instanceof ActivationSoftmax) && !(activationFn instanceof ActivationIdentity)) {
            throw new IllegalArgumentException(loss + " needs an output layer with softmax or identity activation,"
                    + " got " + activationFn);
        }
    }

    static void checkShapes(INDArray labels, INDArray preOutput, int classes, String loss) {
        if (!labels.equalShapes(preOutput)) {
            throw new IllegalArgumentException(loss + ": labels and preOutput must have equal shapes, got "
                    + Arrays.toString(labels.shape()) + " and " + Arrays.toString(preOutput.shape()));
        }
        if (preOutput.size(1) != classes) {
            throw new IllegalArgumentException(loss + ": the class counts have " + classes
                    + " values but the output has " + preOutput.size(1) + " classes");
        }
    }

    /** A per-class row vector {@code [1, C]} in the data type of {@code like}. */
    static INDArray row(double[] values, INDArray like) {
        return Nd4j.createFromArray(values).castTo(like.dataType()).reshape(1, values.length);
    }

    /** Per example and class: {@code -y_c w_c log softmax(z')_c}, masked per example. */
    static INDArray scoreArray(INDArray labels, INDArray adjusted, double[] weights, INDArray mask, String loss) {
        checkMask(adjusted, mask, loss);
        INDArray scores = logSoftmax(adjusted).muli(weightedLabels(labels, weights)).negi();
        if (mask != null) {
            LossUtil.applyMask(scores, mask);
        }
        return scores;
    }

    /** {@code dL/dz'} times {@code scale} (the derivative of z' with respect to preOutput), masked per example. */
    static INDArray gradient(INDArray labels, INDArray adjusted, double[] weights, double scale, INDArray mask,
                             String loss) {
        checkMask(adjusted, mask, loss);
        INDArray wy = weightedLabels(labels, weights);
        INDArray p = Transforms.exp(logSoftmax(adjusted), false);
        INDArray grad = p.muliColumnVector(wy.sum(true, 1)).subi(wy).muli(scale);
        if (mask != null) {
            LossUtil.applyMask(grad, mask);
        }
        return grad;
    }

    private static INDArray logSoftmax(INDArray z) {
        INDArray shifted = z.subColumnVector(z.max(true, 1));
        INDArray logSumExp = Transforms.log(Transforms.exp(shifted, true).sum(true, 1), false);
        return shifted.subiColumnVector(logSumExp);
    }

    private static INDArray weightedLabels(INDArray labels, double[] weights) {
        return weights.length == 0 ? labels.dup() : labels.mulRowVector(row(weights, labels));
    }

    private static void checkMask(INDArray output, INDArray mask, String loss) {
        if (mask != null && LossUtil.isPerOutputMasking(output, mask)) {
            throw new UnsupportedOperationException(loss + " supports per-example masks of shape [minibatch, 1] only,"
                    + " got a mask of shape " + Arrays.toString(mask.shape()) + " for output "
                    + Arrays.toString(output.shape()));
        }
    }

    /** Counts are statistics, not configuration: every class must have been seen for a prior or a margin. */
    static long[] checkedCounts(long[] counts, String loss) {
        if (counts == null || counts.length < 2) {
            throw new IllegalArgumentException(loss + " needs the counts of at least 2 classes, got "
                    + Arrays.toString(counts));
        }
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] < 1) {
                throw new IllegalArgumentException(loss + " needs every class count >= 1, class " + c + " has "
                        + counts[c] + " in " + Arrays.toString(counts));
            }
        }
        return counts.clone();
    }
}
