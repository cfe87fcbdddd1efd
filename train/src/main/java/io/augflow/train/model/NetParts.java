package io.augflow.train.model;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Layer pieces shared by the architectures (the detector's in {@code train.detect} too), so every network applies
 * seed, L2, batch norm and dropout alike.
 */
public final class NetParts {
    private NetParts() {
    }

    /** Global settings: seed, updater, L2, He initialisation (ReLU networks), float32, the convolution mode. */
    public static NeuralNetConfiguration.Builder base(ModelConf conf, IUpdater updater, ConvolutionMode mode) {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder()
                .seed(conf.seed())
                .dataType(DataType.FLOAT)
                .updater(updater)
                .weightInit(WeightInit.RELU)
                .convolutionMode(mode);
        if (conf.l2() > 0) {
            b.l2(conf.l2());
        }
        return b;
    }

    /** A k x k convolution, NCHW; no bias when batch norm follows (its shift replaces the bias). */
    public static ConvolutionLayer conv(String name, int k, int stride, int filters, Activation act, boolean bias) {
        return new ConvolutionLayer.Builder(k, k).stride(stride, stride).nOut(filters).name(name)
                .dataFormat(CNN2DFormat.NCHW).activation(act).hasBias(bias).build();
    }

    /** A k x k depthwise convolution (one filter per input channel), NCHW. */
    static DepthwiseConvolution2D depthwise(String name, int k, int stride, Activation act, boolean bias) {
        return new DepthwiseConvolution2D.Builder(k, k).stride(stride, stride).depthMultiplier(1).name(name)
                .dataFormat(CNN2DFormat.NCHW).activation(act).hasBias(bias).build();
    }

    public static BatchNormalization batchNorm(String name) {
        return new BatchNormalization.Builder().name(name).dataFormat(CNN2DFormat.NCHW).build();
    }

    static ActivationLayer relu(String name) {
        return new ActivationLayer.Builder().activation(Activation.RELU).name(name).build();
    }

    public static SubsamplingLayer maxPool(String name) {
        return new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).name(name)
                .dataFormat(CNN2DFormat.NCHW).build();
    }

    static GlobalPoolingLayer globalAveragePool(String name) {
        return new GlobalPoolingLayer.Builder(PoolingType.AVG).name(name).build();
    }

    /** Softmax classifier; dropout (when configured) applies to its input, as DL4J applies it per layer. */
    static OutputLayer output(ModelConf conf, int classes, ILossFunction loss) {
        OutputLayer.Builder b = new OutputLayer.Builder(loss).nOut(classes).activation(Activation.SOFTMAX)
                .weightInit(WeightInit.XAVIER).name("output");
        if (conf.dropout() > 0) {
            b.dropOut(conf.retainProbability());
        }
        return b.build();
    }
}
