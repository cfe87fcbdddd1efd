package io.augflow.train.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * A small ResNet-style graph (He et al., 2015): a 3x3 stem convolution of {@code base-filters}, then
 * {@code stages} basic residual blocks, block s with {@code base-filters * 2^s} channels and stride 2 except
 * the first. A block computes {@code relu(F(x) + shortcut(x))} with
 * {@code F = conv3x3 -> bn -> relu -> conv3x3 -> bn} and the shortcut the identity when shape is kept, else a
 * 1x1 convolution with the block's stride (+ bn), a "projection" shortcut. The sum is DL4J's
 * {@link ElementWiseVertex} {@code Add}, hence a {@code ComputationGraph}. Global average pooling and the
 * softmax classifier follow. Without batch norm the convolutions get biases and the bn layers are left out.
 */
public final class ResNetSmall {
    private static final String INPUT = "input";

    private ResNetSmall() {
    }

    public static ComputationGraphConfiguration build(ModelConf conf, InputShape input, int classes, IUpdater updater,
                                                      ILossFunction loss) {
        boolean bn = conf.batchNorm();
        ComputationGraphConfiguration.GraphBuilder g = NetParts.base(conf, updater, ConvolutionMode.Same)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(input.inputType());
        String last = convNormRelu(g, "stem", 3, 1, conf.baseFilters(), bn, INPUT);
        int channels = conf.baseFilters();
        for (int s = 0; s < conf.stages(); s++) {
            int filters = conf.filters(s);
            last = block(g, "block" + s, last, channels, filters, s == 0 ? 1 : 2, bn);
            channels = filters;
        }
        g.addLayer("gap", NetParts.globalAveragePool("gap"), last);
        g.addLayer("output", NetParts.output(conf, classes, loss), "gap");
        return g.setOutputs("output").build();
    }

    /** One basic block; returns the name of its output vertex. */
    private static String block(ComputationGraphConfiguration.GraphBuilder g, String name, String in, int inChannels,
                                int filters, int stride, boolean bn) {
        String residual = convNormRelu(g, name + "_a", 3, stride, filters, bn, in);
        residual = convNorm(g, name + "_b", 3, 1, filters, bn, residual);
        String shortcut = in;
        if (stride != 1 || inChannels != filters) {
            shortcut = convNorm(g, name + "_proj", 1, stride, filters, bn, in);
        }
        g.addVertex(name + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), residual, shortcut);
        g.addLayer(name + "_relu", NetParts.relu(name + "_relu"), name + "_add");
        return name + "_relu";
    }

    private static String convNormRelu(ComputationGraphConfiguration.GraphBuilder g, String name, int k, int stride,
                                       int filters, boolean bn, String in) {
        if (!bn) {
            g.addLayer(name, NetParts.conv(name, k, stride, filters, Activation.RELU, true), in);
            return name;
        }
        String normed = convNorm(g, name, k, stride, filters, true, in);
        g.addLayer(name + "_relu", NetParts.relu(name + "_relu"), normed);
        return name + "_relu";
    }

    /** Convolution (+ batch norm), no activation; returns the output vertex name. */
    private static String convNorm(ComputationGraphConfiguration.GraphBuilder g, String name, int k, int stride,
                                   int filters, boolean bn, String in) {
        g.addLayer(name, NetParts.conv(name, k, stride, filters, Activation.IDENTITY, !bn), in);
        if (!bn) {
            return name;
        }
        g.addLayer(name + "_bn", NetParts.batchNorm(name + "_bn"), name);
        return name + "_bn";
    }
}
