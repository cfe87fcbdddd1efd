package io.augflow.train.detect;

import io.augflow.train.model.InputShape;
import io.augflow.train.model.ModelConf;
import io.augflow.train.model.NetParts;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.objdetect.Yolo2OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * A small single-stage detector in the YOLOv2 style for small images on CPU. Backbone: {@code log2(stride)}
 * stages of a 3x3 "same" convolution ({@code base-filters * 2^s} filters), batch norm (when enabled) and leaky
 * ReLU (slope 0.1), then a 2x2 max pool; then {@code model.detect.neck-blocks} blocks at the output resolution
 * for context, alternating 3x3 at twice the last stage's filters and 1x1 back to them. Head: a 1x1 convolution
 * with identity activation to {@code B * (5 + C)} channels, read by DL4J's {@code Yolo2OutputLayer} with the
 * anchors as priors in grid units and cross-entropy (weighted per class when {@code loss.class-balanced} is on,
 * {@link DetectorClassLoss}) or squared error on the class softmax. Output grid:
 * {@code H/stride x W/stride}.
 *
 * <p>{@code model.stages} and {@code model.dropout} do not apply (the stride fixes the depth). Gradients are
 * renormalised per layer (L2): the setting measured to train this layer without divergence.
 */
public final class YoloSmall {
    /** YOLO's leaky ReLU slope. */
    static final double LEAKY_SLOPE = 0.1;

    private YoloSmall() {
    }

    /**
     * @param stride  a power of two (see {@link YoloHead}): the backbone halves the input log2(stride) times
     * @param anchors the priors, B of them
     * @throws IllegalArgumentException when the input's height or width is not a multiple of the stride
     */
    public static MultiLayerConfiguration build(ModelConf conf, InputShape input, int classes, IUpdater updater,
                                                int stride, Anchors anchors) {
        if (stride < 2 || Integer.bitCount(stride) != 1) {
            throw new IllegalArgumentException("model.detect.stride must be a power of two >= 2, got " + stride);
        }
        checkInput(input, stride);
        if (classes < 1) {
            throw new IllegalArgumentException("a detector needs classes >= 1, got " + classes);
        }
        boolean bn = conf.batchNorm();
        NeuralNetConfiguration.ListBuilder list = NetParts.base(conf, updater, ConvolutionMode.Same)
                .gradientNormalization(GradientNormalization.RenormalizeL2PerLayer)
                .list();
        int stages = Integer.numberOfTrailingZeros(stride);
        for (int s = 0; s < stages; s++) {
            block(list, "stage" + s, conf.filters(s), 3, bn);
            list.layer(NetParts.maxPool("stage" + s + "_pool"));
        }
        // The neck alternates a 3x3 block at twice the last stage's filters with a 1x1 block back to them
        // (YOLOv2's pattern): capacity and a wider receptive field at the grid's resolution, where a cell costs
        // 1/64 of an input pixel at stride 8.
        int neckBlocks = conf.detect().neckBlocks();
        for (int i = 0; i < neckBlocks; i++) {
            boolean wide = i % 2 == 0;
            block(list, "neck" + i, wide ? conf.filters(stages) : conf.filters(stages - 1), wide ? 3 : 1, bn);
        }
        list.layer(new ConvolutionLayer.Builder(1, 1).nOut(anchors.count() * (5 + classes)).name("head")
                .dataFormat(CNN2DFormat.NCHW).activation(Activation.IDENTITY).weightInit(WeightInit.XAVIER)
                .hasBias(true).build());
        list.layer(new Yolo2OutputLayer.Builder().boundingBoxPriors(anchors.priors(stride))
                .lossClassPredictions(DetectorClassLoss.of(conf.detect())).name("yolo").build());
        return list.setInputType(input.inputType()).build();
    }

    /** A k x k convolution, batch norm when enabled, leaky ReLU. */
    private static void block(NeuralNetConfiguration.ListBuilder list, String name, int filters, int k, boolean bn) {
        ActivationLReLU leaky = new ActivationLReLU(LEAKY_SLOPE);
        if (bn) {
            list.layer(NetParts.conv(name + "_conv", k, 1, filters, Activation.IDENTITY, false));
            list.layer(NetParts.batchNorm(name + "_bn"));
            list.layer(new ActivationLayer.Builder().activation(leaky).name(name + "_leaky").build());
        } else {
            ConvolutionLayer conv = NetParts.conv(name + "_conv", k, 1, filters, Activation.IDENTITY, true);
            conv.setActivationFn(leaky);
            list.layer(conv);
        }
    }

    /** The grid must tile the input exactly, or the labels and the output disagree on cell positions. */
    public static void checkInput(InputShape input, int stride) {
        if (input.height() % stride != 0 || input.width() % stride != 0) {
            throw new IllegalArgumentException("model.input-size must have width and height that are multiples of the"
                    + " detector stride " + stride + " (model.detect.stride), got " + input.width() + "x"
                    + input.height());
        }
    }
}
