package io.augflow.train.feed;

import io.augflow.augment.InvalidSampleException;
import io.augflow.augment.Sample;
import io.augflow.augment.tensor.ToTensor;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Packs samples into one DL4J {@link DataSet}: NCHW float features, one-hot labels. The class of a sample
 * is its image-level label, or, for detection data without one, the class of its largest box.
 */
public final class SampleBatch {
    private SampleBatch() {}

    /**
     * @throws InvalidSampleException when a sample has no image-level label, a label outside
     *     {@code [0, classes)}, or a size that differs from the first sample's (add a resize to the pipeline)
     */
    public static DataSet of(List<Sample> samples, ToTensor toTensor, int classes) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("a minibatch needs at least one sample");
        }
        Sample first = samples.get(0);
        int[] shape = toTensor.shape(first);
        int perSample = shape[0] * shape[1] * shape[2];
        float[] features = new float[samples.size() * perSample];
        float[] labels = new float[samples.size() * classes];
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            if (s.width() != first.width() || s.height() != first.height() || s.channels() != first.channels()) {
                throw new InvalidSampleException(s.id(), "is " + s.width() + "x" + s.height() + "x" + s.channels()
                        + " but the batch is " + first.width() + "x" + first.height() + "x" + first.channels()
                        + ": end the augment pipeline with a resize or letterbox");
            }
            int label = classOf(s);
            if (label >= classes) {
                throw new InvalidSampleException(s.id(), "label " + label + " is outside [0, " + classes + ")");
            }
            toTensor.apply(s, features, i * perSample);
            labels[i * classes + label] = 1f;
        }
        INDArray x = Nd4j.create(features, new long[] {samples.size(), shape[0], shape[1], shape[2]}, 'c');
        INDArray y = Nd4j.create(labels, new long[] {samples.size(), classes}, 'c');
        return new DataSet(x, y);
    }

    /** The image-level label, else the class of the largest box (detection data trained as classification). */
    static int classOf(Sample s) {
        if (s.label().isPresent()) {
            return s.label().getAsInt();
        }
        return s.boxes().stream().max(java.util.Comparator.comparingDouble(io.augflow.augment.Box::area))
                .map(io.augflow.augment.Box::classId)
                .orElseThrow(() -> new InvalidSampleException(s.id(),
                        "has neither an image-level label nor a box: nothing to train a classifier on"));
    }
}
