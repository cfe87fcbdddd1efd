package io.augflow.train.detect;

import io.augflow.train.model.DetectorHead;
import io.augflow.train.model.InputShape;
import io.augflow.train.model.ModelConf;
import java.util.Objects;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * What the detector's head needs besides the {@code model} block: the output stride (input pixels per grid cell;
 * to become {@code model.detect.stride}) and the anchors (fitted on the training boxes by {@link AnchorKMeans#fit}).
 *
 * @param stride  a power of two in [2, 32]; 8 by default (a 6 px object still owns a cell), 16 for speed
 * @param anchors the box priors in network-input pixels
 */
public record YoloHead(int stride, Anchors anchors) implements DetectorHead {
    public static final int DEFAULT_STRIDE = 8;
    /**
     * Square priors of 0.8, 1.6 and 2.4 cells at stride 8 (6.4, 12.8, 19.2 px): the set measured to train on 64 px
     * images with 5-20 px objects. Only a fallback; fit anchors on the data.
     */
    public static final Anchors DEFAULT_ANCHORS = Anchors.of(new double[] {6.4, 6.4}, new double[] {12.8, 12.8},
            new double[] {19.2, 19.2});

    public YoloHead {
        Objects.requireNonNull(anchors, "anchors");
        if (stride < 2 || stride > 32 || Integer.bitCount(stride) != 1) {
            throw new IllegalArgumentException("model.detect.stride must be a power of two in [2, 32], got " + stride);
        }
    }

    /** Stride 8 with {@link #DEFAULT_ANCHORS}. */
    public static YoloHead defaults() {
        return new YoloHead(DEFAULT_STRIDE, DEFAULT_ANCHORS);
    }

    @Override
    public MultiLayerConfiguration build(ModelConf conf, InputShape input, int classes, IUpdater updater) {
        return YoloSmall.build(conf, input, classes, updater, stride, anchors);
    }

    /** Channels of the raw head output for {@code classes} classes: {@code B * (5 + C)}. */
    public int outputChannels(int classes) {
        return anchors.count() * (5 + classes);
    }
}
