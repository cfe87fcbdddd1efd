package io.augflow.train.feed;

import io.augflow.augment.Sample;
import io.augflow.augment.tensor.ToTensor;
import java.io.Serializable;
import java.util.List;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Packs one minibatch of augmented samples into the network's features and labels, on the executor: one-hot classes
 * for a classifier ({@link #classes}), box targets for a detector. Shipped to the executors inside the loader.
 */
@FunctionalInterface
public interface BatchEncoder extends Serializable {

    /** @throws io.augflow.augment.InvalidSampleException naming the sample that cannot be encoded */
    DataSet encode(List<Sample> samples);

    /** Classification: NCHW features and one-hot labels ({@link SampleBatch}). */
    static BatchEncoder classes(ToTensor toTensor, int classes) {
        return samples -> SampleBatch.of(samples, toTensor, classes);
    }
}
