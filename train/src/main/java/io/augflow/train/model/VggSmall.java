package io.augflow.train.model;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * A small VGG-style stack (Simonyan and Zisserman, 2014): {@code stages} stages of two 3x3 "same" convolutions
 * ({@code base-filters * 2^s} filters, each followed by batch norm when enabled, then ReLU) and a 2x2 max pool,
 * then a dense layer of {@code 2 * last-stage filters} ReLU units and the softmax classifier. Output height and
 * width after stage s: {@code ceil(H / 2^(s+1))}.
 */
public final class VggSmall {
    private VggSmall() {
    }

    public static MultiLayerConfiguration build(ModelConf conf, InputShape input, int classes, IUpdater updater,
                                                ILossFunction loss) {
        boolean bn = conf.batchNorm();
        NeuralNetConfiguration.ListBuilder list = NetParts.base(conf, updater, ConvolutionMode.Same).list();
        for (int s = 0; s < conf.stages(); s++) {
            for (int c = 1; c <= 2; c++) {
                String name = "stage" + s + "_conv" + c;
                list.layer(NetParts.conv(name, 3, 1, conf.filters(s), bn ? Activation.IDENTITY : Activation.RELU, !bn));
                if (bn) {
                    list.layer(NetParts.batchNorm(name + "_bn"));
                    list.layer(NetParts.relu(name + "_relu"));
                }
            }
            list.layer(NetParts.maxPool("stage" + s + "_pool"));
        }
        list.layer(new DenseLayer.Builder().nOut(2 * conf.filters(conf.stages() - 1)).activation(Activation.RELU)
                .name("dense").build());
        list.layer(NetParts.output(conf, classes, loss));
        return list.setInputType(input.inputType()).build();
    }
}
