package io.augflow.train.model;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * A small MobileNet-style stack (Howard et al., 2017): a 3x3 stem convolution of {@code base-filters}, then
 * {@code stages} depthwise-separable blocks, each a 3x3 depthwise convolution (stride 2 except in the first
 * block) and a 1x1 pointwise convolution to {@code base-filters * 2^s} channels, both followed by batch norm
 * (when enabled) and ReLU; global average pooling and the softmax classifier. A separable block costs
 * {@code H W C (9 + C')} multiply-accumulates instead of {@code 9 H W C C'} for a full 3x3 convolution.
 */
public final class MobileNetSmall {
    private MobileNetSmall() {
    }

    public static MultiLayerConfiguration build(ModelConf conf, InputShape input, int classes, IUpdater updater,
                                                ILossFunction loss) {
        boolean bn = conf.batchNorm();
        Activation act = bn ? Activation.IDENTITY : Activation.RELU;
        NeuralNetConfiguration.ListBuilder list = NetParts.base(conf, updater, ConvolutionMode.Same).list();
        list.layer(NetParts.conv("stem", 3, 1, conf.baseFilters(), act, !bn));
        addNormRelu(list, "stem", bn);
        for (int s = 0; s < conf.stages(); s++) {
            String name = "block" + s;
            list.layer(NetParts.depthwise(name + "_dw", 3, s == 0 ? 1 : 2, act, !bn));
            addNormRelu(list, name + "_dw", bn);
            list.layer(NetParts.conv(name + "_pw", 1, 1, conf.filters(s), act, !bn));
            addNormRelu(list, name + "_pw", bn);
        }
        list.layer(NetParts.globalAveragePool("gap"));
        list.layer(NetParts.output(conf, classes, loss));
        return list.setInputType(input.inputType()).build();
    }

    private static void addNormRelu(NeuralNetConfiguration.ListBuilder list, String name, boolean bn) {
        if (bn) {
            list.layer(NetParts.batchNorm(name + "_bn"));
            list.layer(NetParts.relu(name + "_relu"));
        }
    }
}
