package io.augflow.train.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Builds the configured architecture for a dataset: input shape and class count come from the dataset
 * metadata, the updater from {@code OptimizerConf}, the loss from {@code LossConf}. Checks on the driver that
 * the input is large enough for the architecture before any job runs.
 */
public final class ModelFactory {
    /** LeNet-5 needs at least this height and width: two 5x5 valid convolutions and two 2x2 pools. */
    static final int LENET5_MIN_SIZE = 16;

    private ModelFactory() {
    }

    /**
     * @param conf    the {@code model} block
     * @param input   one image's shape (NCHW)
     * @param classes number of classes, >= 2
     * @param updater the optimiser (DL4J copies it into every layer)
     * @param loss    the output layer's loss (softmax output)
     */
    /**
     * The network with {@code weightRegularization} added to the weights of every layer that has weights (not the
     * biases): how AdamW's decoupled weight decay reaches DL4J, which applies a regularization after the updater. Added
     * per layer because DL4J 1.0.0-M2.1 applies a network-wide weight decay twice, and its {@code weightDecay} and
     * {@code l2} settings remove each other.
     */
    public static ModelSpec build(ModelConf conf, InputShape input, int classes, IUpdater updater, ILossFunction loss,
            List<Regularization> weightRegularization) {
        return build(conf, input, classes, updater, loss, weightRegularization, null);
    }

    /**
     * As {@link #build(ModelConf, InputShape, int, IUpdater, ILossFunction, List)}, with the detector's head
     * (stride and fitted anchors, {@code io.augflow.train.detect.YoloHead}) for {@code model.architecture =
     * yolo-small}; classifiers ignore {@code head} (it may be null).
     */
    public static ModelSpec build(ModelConf conf, InputShape input, int classes, IUpdater updater, ILossFunction loss,
            List<Regularization> weightRegularization, DetectorHead head) {
        ModelSpec spec = build(conf, input, classes, updater, loss, head);
        if (!weightRegularization.isEmpty()) {
            if (spec instanceof ModelSpec.Layers layers) {
                layers.multiLayer().getConfs().forEach(c -> addWeightRegularization(c.getLayer(), weightRegularization));
            } else {
                ((ModelSpec.Graph) spec).graph().getVertices().values().forEach(v -> {
                    if (v instanceof LayerVertex lv) {
                        addWeightRegularization(lv.getLayerConf().getLayer(), weightRegularization);
                    }
                });
            }
        }
        return spec;
    }

    private static void addWeightRegularization(Layer layer, List<Regularization> extra) {
        if (layer instanceof BaseLayer base) {
            List<Regularization> all = new ArrayList<>(base.getRegularization() == null ? List.of()
                    : base.getRegularization());
            all.addAll(extra);
            base.setRegularization(all);
        }
    }

    /** A classifier (a detector needs its head: the overload with a {@link DetectorHead}). */
    public static ModelSpec build(ModelConf conf, InputShape input, int classes, IUpdater updater, ILossFunction loss) {
        return build(conf, input, classes, updater, loss, (DetectorHead) null);
    }

    /**
     * @param loss the classifier's loss; a detector ignores it ({@code Yolo2OutputLayer} has its own)
     * @param head the detector's stride and anchors ({@code io.augflow.train.detect.YoloHead}); required for a
     *             detector, ignored (may be null) for a classifier
     */
    public static ModelSpec build(ModelConf conf, InputShape input, int classes, IUpdater updater, ILossFunction loss,
                                  DetectorHead head) {
        Objects.requireNonNull(conf, "conf");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(updater, "updater");
        Objects.requireNonNull(loss, "loss");
        if (conf.architecture().isDetector()) {
            if (head == null) {
                throw new IllegalArgumentException("model.architecture = " + conf.architecture().key() + " needs its"
                        + " detector head (stride and anchors fitted on the training boxes): build it with a"
                        + " io.augflow.train.detect.YoloHead");
            }
            if (classes < 1) {
                throw new IllegalArgumentException("classes must be >= 1 for a detector, got " + classes);
            }
            return new ModelSpec.Layers(head.build(conf, input, classes, updater), input, classes);
        }
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be >= 2, got " + classes);
        }
        checkInputSize(conf, input);
        return switch (conf.architecture()) {
            case LENET5 -> new ModelSpec.Layers(lenet5(input, classes, updater, loss, conf), input, classes);
            case VGG_SMALL -> new ModelSpec.Layers(VggSmall.build(conf, input, classes, updater, loss), input, classes);
            case MOBILENET_SMALL ->
                    new ModelSpec.Layers(MobileNetSmall.build(conf, input, classes, updater, loss), input, classes);
            case RESNET_SMALL -> new ModelSpec.Graph(ResNetSmall.build(conf, input, classes, updater, loss), input, classes);
            case YOLO_SMALL -> throw new IllegalStateException("detectors are built above");
        };
    }

    private static void checkInputSize(ModelConf conf, InputShape input) {
        int min = conf.architecture() == Architecture.LENET5 ? LENET5_MIN_SIZE : 1 << conf.stages();
        if (input.height() < min || input.width() < min) {
            String why = conf.architecture() == Architecture.LENET5
                    ? "two 5x5 convolutions and two 2x2 pools"
                    : "model.stages = " + conf.stages() + " halves it up to " + conf.stages() + " times";
            throw new IllegalArgumentException("input " + input + " is too small for model.architecture = "
                    + conf.architecture().key() + " (" + why + "): height and width must be >= " + min);
        }
    }

    /**
     * LeNet-5 (LeCun et al., 1998, in the common DL4J/Caffe form): 5x5 convolution with 20 filters, 2x2 max pool,
     * 5x5 convolution with 50 filters, 2x2 max pool, dense 500 ReLU, softmax. Valid (unpadded) convolutions, NCHW,
     * ReLU after the convolutions; batch norm after each convolution when enabled, dropout before the classifier.
     */
    static MultiLayerConfiguration lenet5(InputShape input, int classes, IUpdater updater, ILossFunction loss,
                                          ModelConf conf) {
        boolean bn = conf.batchNorm();
        Activation act = bn ? Activation.IDENTITY : Activation.RELU;
        NeuralNetConfiguration.ListBuilder list = NetParts.base(conf, updater, ConvolutionMode.Truncate).list();
        list.layer(NetParts.conv("conv1", 5, 1, 20, act, !bn));
        if (bn) {
            list.layer(NetParts.batchNorm("conv1_bn"));
            list.layer(NetParts.relu("conv1_relu"));
        }
        list.layer(NetParts.maxPool("pool1"));
        list.layer(NetParts.conv("conv2", 5, 1, 50, act, !bn));
        if (bn) {
            list.layer(NetParts.batchNorm("conv2_bn"));
            list.layer(NetParts.relu("conv2_relu"));
        }
        list.layer(NetParts.maxPool("pool2"));
        list.layer(new DenseLayer.Builder().nOut(500).activation(Activation.RELU).name("dense").build());
        list.layer(NetParts.output(conf, classes, loss));
        return list.setInputType(input.inputType()).build();
    }
}
