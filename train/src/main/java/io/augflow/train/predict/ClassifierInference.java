package io.augflow.train.predict;

import io.augflow.augment.Sample;
import io.augflow.augment.tensor.ToTensor;
import io.augflow.augment.transform.geometric.InputFit;
import io.augflow.train.feed.FittedBatch;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The inference path of a classifier: images of any size brought to the network's input ({@link InputFit}),
 * normalised as in training ({@link ToTensor}), run in inference mode; the class probabilities are the network's
 * softmax output. With {@link TestTimeAugmentation#FLIP} each image's probabilities are the mean of the softmax of the
 * fitted image and of its left-right mirror. With a {@link LogitAdjustment} the (averaged) probabilities are then
 * adjusted by the training prior and renormalised: what predict and evaluate report and take the argmax of.
 */
public record ClassifierInference(InputFit fit, ToTensor toTensor, LogitAdjustment adjustment) implements Serializable {

    public ClassifierInference {
        Objects.requireNonNull(fit, "fit");
        Objects.requireNonNull(toTensor, "toTensor");
        Objects.requireNonNull(adjustment, "adjustment");
    }

    /** Without post-hoc logit adjustment. */
    public ClassifierInference(InputFit fit, ToTensor toTensor) {
        this(fit, toTensor, LogitAdjustment.NONE);
    }

    /** The same path with post-hoc logit adjustment of the probabilities. */
    public ClassifierInference adjusted(LogitAdjustment logitAdjustment) {
        return new ClassifierInference(fit, toTensor, logitAdjustment);
    }

    /**
     * Class probabilities per sample, {@code [samples][classes]}.
     *
     * @param originals decoded images as stored (not augmented); left untouched
     */
    public float[][] probabilities(Model network, List<Sample> originals, TestTimeAugmentation tta) {
        if (originals.isEmpty()) {
            return new float[0][];
        }
        INDArray x = FittedBatch.of(fit, toTensor, originals);
        float[][] p = rows(FittedBatch.output(network, x));
        if (tta == TestTimeAugmentation.FLIP) {
            float[][] mirror = rows(FittedBatch.output(network, FittedBatch.mirrored(x)));
            for (int i = 0; i < p.length; i++) {
                for (int k = 0; k < p[i].length; k++) {
                    p[i][k] = (p[i][k] + mirror[i][k]) / 2;
                }
            }
        }
        return adjustment.apply(p);
    }

    private static float[][] rows(INDArray out) {
        if (out.rank() != 2) {
            throw new IllegalStateException("a classifier's output must be [samples, classes], got "
                    + java.util.Arrays.toString(out.shape()));
        }
        return out.toFloatMatrix();
    }
}
