package io.augflow.train.model;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The speed bench's LeNet-5, as in DL4J's and PyTorch's classic examples: conv 20@5x5 -> max-pool 2x2/2 -> conv
 * 50@5x5 -> max-pool 2x2/2 -> dense 500 ReLU -> softmax, with cross-entropy loss. The convolutions have no
 * activation, as in those examples, so a PyTorch twin ({@code bench/pytorch_lenet.py}) computes the same function.
 * Test code only: what training builds is {@code ModelFactory}'s LeNet-5 (ReLU after the convolutions, optional
 * batch norm and dropout), from {@code augflow.model}.
 *
 * <p>Fixed choices, and why: NCHW input (with the oneDNN helper, NHWC did not train, see shared/STACK.md); FLOAT
 * (the oneDNN convolution helper handles nothing else); workspaces ENABLED (NONE measured slower); Xavier init.
 *
 * @param height   input height in pixels, at least 16 (two 5x5 valid convolutions and two 2x2 poolings)
 * @param width    input width in pixels, at least 16
 * @param channels input channels, at least 1
 * @param classes  output classes, at least 2
 * @param updater  the optimiser, for example {@code new Adam(1e-3)}
 * @param seed     the weight-initialisation seed
 */
public record LeNet5(int height, int width, int channels, int classes, IUpdater updater, long seed) {

    /** The default learning rate of {@link #of(int, int, int, int)}. */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    /** The default weight-initialisation seed of {@link #of(int, int, int, int)}. */
    public static final long DEFAULT_SEED = 42L;
    /** The smallest input side two 5x5 convolutions and two 2x2 poolings leave at least 1 pixel of. */
    public static final int MIN_SIDE = 16;

    /** Validates the shape and updater. */
    public LeNet5 {
        if (height < MIN_SIDE) {
            throw new IllegalArgumentException("lenet5.height must be >= " + MIN_SIDE + ", got " + height);
        }
        if (width < MIN_SIDE) {
            throw new IllegalArgumentException("lenet5.width must be >= " + MIN_SIDE + ", got " + width);
        }
        if (channels < 1) {
            throw new IllegalArgumentException("lenet5.channels must be >= 1, got " + channels);
        }
        if (classes < 2) {
            throw new IllegalArgumentException("lenet5.classes must be >= 2, got " + classes);
        }
        if (updater == null) {
            throw new IllegalArgumentException("lenet5.updater must be set, got null");
        }
    }

    /**
     * LeNet-5 with Adam at {@value #DEFAULT_LEARNING_RATE} and seed {@value #DEFAULT_SEED}.
     *
     * @param height   input height
     * @param width    input width
     * @param channels input channels
     * @param classes  output classes
     * @return the definition
     */
    public static LeNet5 of(int height, int width, int channels, int classes) {
        return new LeNet5(height, width, channels, classes, new Adam(DEFAULT_LEARNING_RATE), DEFAULT_SEED);
    }

    /** @return the DL4J configuration; each call builds a new one (the updater instance is cloned by DL4J) */
    public MultiLayerConfiguration configuration() {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(updater.clone())
                .weightInit(WeightInit.XAVIER)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .list()
                .layer(new ConvolutionLayer.Builder(5, 5).stride(1, 1).nOut(20)
                        .activation(Activation.IDENTITY).dataFormat(CNN2DFormat.NCHW).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .dataFormat(CNN2DFormat.NCHW).build())
                .layer(new ConvolutionLayer.Builder(5, 5).stride(1, 1).nOut(50)
                        .activation(Activation.IDENTITY).dataFormat(CNN2DFormat.NCHW).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .dataFormat(CNN2DFormat.NCHW).build())
                .layer(new DenseLayer.Builder().nOut(500).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(height, width, channels, CNN2DFormat.NCHW))
                .build();
    }
}
