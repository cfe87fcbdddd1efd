package io.augflow.train.detect;

import io.augflow.pipeline.stats.DatasetStats;
import io.augflow.pipeline.stats.EffectiveNumber;
import io.augflow.train.loss.LossConf;
import io.augflow.train.loss.LossType;
import io.augflow.train.model.DetectConf;
import java.util.List;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossL2;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * What the {@code loss} block means for a detector, whose loss is {@code Yolo2OutputLayer}'s: only
 * {@code loss.class-balanced} applies, to the class term ({@code model.detect.class-loss = cross-entropy}), with the
 * effective-number weights (Cui et al. 2019, {@link EffectiveNumber#weights}) of the train split's <em>box</em>
 * counts per class (crowd boxes excluded, as the statistics count them). The layer scores every object cell's
 * class term as {@code lossClassPredictions.computeScore(labels, preSoftmax, softmax, objectMask)}, so
 * {@code LossMCXENT(w)} multiplies an object's class cross-entropy and its gradient by {@code w} of its class; the
 * position, size and confidence terms stay unweighted. The other keys of the block are the classifier's and are
 * refused for a detector rather than silently ignored.
 */
public final class DetectorClassLoss {
    private DetectorClassLoss() {}

    /**
     * Checks that {@code loss} asks of a detector only what it can do.
     *
     * @throws IllegalArgumentException naming the key: another {@code loss.type}, {@code loss.drw-epoch} above 0,
     *                                  {@code loss.class-weights} or {@code loss.class-counts}, or class-balanced
     *                                  weighting with {@code model.detect.class-loss = mse}
     */
    public static void check(LossConf loss, DetectConf detect) {
        String why = " for a detector (model.task = detect): its loss is Yolo2OutputLayer's, whose class term is"
                + " augflow.model.detect.class-loss; of the loss block only loss.class-balanced applies";
        if (loss.type() != LossType.CROSS_ENTROPY) {
            throw new IllegalArgumentException("augflow.loss.type must be " + LossType.CROSS_ENTROPY.key() + why
                    + ", got " + loss.type().key());
        }
        if (loss.drwEpoch() > 0) {
            throw new IllegalArgumentException("augflow.loss.drw-epoch must be 0" + why + ", got " + loss.drwEpoch());
        }
        if (!loss.classWeights().isEmpty()) {
            throw new IllegalArgumentException("augflow.loss.class-weights must be empty" + why + ", got "
                    + loss.classWeights());
        }
        if (!loss.classCounts().isEmpty()) {
            throw new IllegalArgumentException("augflow.loss.class-counts must be empty" + why
                    + " (the weights come from the train split's box counts), got " + loss.classCounts());
        }
        if (loss.classBalanced().enabled() && !DetectConf.CROSS_ENTROPY.equals(detect.classLoss())) {
            throw new IllegalArgumentException("augflow.loss.class-balanced.enabled = true needs"
                    + " augflow.model.detect.class-loss = " + DetectConf.CROSS_ENTROPY + " (the weights scale the"
                    + " class cross-entropy), got " + detect.classLoss());
        }
    }

    /**
     * Boxes per class in the statistics' split (crowd boxes are not counted there), index = class id.
     */
    public static long[] boxCounts(DatasetStats stats, int classes) {
        long[] counts = new long[classes];
        for (int c = 0; c < classes; c++) {
            counts[c] = stats.classStats(c).objects();
        }
        return counts;
    }

    /**
     * The effective-number weights of {@code boxCounts} with {@code loss.class-balanced.beta}.
     *
     * @throws IllegalArgumentException when a class has no box (its weight would be undefined), naming it
     */
    public static double[] weights(LossConf loss, long[] boxCounts, List<String> classes) {
        for (int c = 0; c < boxCounts.length; c++) {
            if (boxCounts[c] < 1) {
                throw new IllegalArgumentException("augflow.loss.class-balanced.enabled = true needs a box of every"
                        + " class in the train split for a detector, and class '" + classes.get(c) + "' has none:"
                        + " turn it off, or drop the class");
            }
        }
        return EffectiveNumber.weights(boxCounts, loss.classBalanced().beta());
    }

    /**
     * {@code model.detect}'s class loss: squared error on the softmax ({@code mse}), or cross-entropy, weighted per
     * class when {@link DetectConf#classWeights} has them.
     */
    public static ILossFunction of(DetectConf detect) {
        if (detect.classWeights().isEmpty()) {
            return unweighted(detect.classLoss());
        }
        return LossConf.weightedCrossEntropy(detect.classWeights().stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The class loss {@code model.detect.class-loss} names, without weights. */
    static ILossFunction unweighted(String classLoss) {
        return DetectConf.MSE.equals(classLoss) ? new LossL2() : new LossMCXENT();
    }
}
