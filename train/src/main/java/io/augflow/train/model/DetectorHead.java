package io.augflow.train.model;

import java.io.Serializable;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * What {@link ModelFactory} needs to build a detector ({@code model.architecture = yolo-small}): the head's
 * settings fitted on the data (stride, anchors) and the network they make. Implemented in {@code train.detect}
 * ({@code YoloHead}), so this package needs nothing from there.
 */
public interface DetectorHead extends Serializable {

    /** Input pixels per output grid cell. */
    int stride();

    /**
     * The detector network for this head.
     *
     * @throws IllegalArgumentException when the input's sides are not multiples of {@link #stride()}
     */
    MultiLayerConfiguration build(ModelConf conf, InputShape input, int classes, IUpdater updater);
}
