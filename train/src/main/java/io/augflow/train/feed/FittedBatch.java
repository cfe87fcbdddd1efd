package io.augflow.train.feed;

import io.augflow.augment.Sample;
import io.augflow.augment.tensor.ToTensor;
import io.augflow.augment.transform.geometric.InputFit;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The network input of a list of original images, as every inference path builds it: each image brought to the input
 * by its {@link InputFit} (never augmented), normalised by {@link ToTensor} and stacked into one NCHW minibatch; and
 * the network's output for it, in inference mode. {@link #mirrored} gives the same minibatch flipped left to right
 * (test-time augmentation): pixel {@code (x, y)} of the mirror is pixel {@code (W - 1 - x, y)} of the input.
 */
public final class FittedBatch {
    private FittedBatch() {}

    /** {@code [n, c, h, w]} of the {@code originals}, which are left untouched. */
    public static INDArray of(InputFit fit, ToTensor toTensor, List<Sample> originals) {
        int w = fit.size().width();
        int h = fit.size().height();
        int c = fit.size().channels();
        int perSample = w * h * c;
        float[] features = new float[originals.size() * perSample];
        for (int i = 0; i < originals.size(); i++) {
            Sample fitted = fit.apply(originals.get(i));
            toTensor.apply(fitted, features, i * perSample);
            if (fitted != originals.get(i)) {
                fitted.image().release();
            }
        }
        return Nd4j.create(features, new long[] {originals.size(), c, h, w}, 'c');
    }

    /** A new {@code [n, c, h, w]} array: {@code x} with every row of every channel reversed. */
    public static INDArray mirrored(INDArray x) {
        long[] shape = x.shape();
        int w = (int) shape[3];
        float[] in = x.dup('c').data().asFloat();
        float[] out = new float[in.length];
        for (int row = 0; row < in.length; row += w) {
            for (int col = 0; col < w; col++) {
                out[row + col] = in[row + w - 1 - col];
            }
        }
        return Nd4j.create(out, shape, 'c');
    }

    /** The network's output for {@code x}, in inference mode (no dropout, batch-norm running statistics). */
    public static INDArray output(Model network, INDArray x) {
        return network instanceof ComputationGraph g ? g.outputSingle(false, x)
                : ((MultiLayerNetwork) network).output(x, false);
    }
}
