package io.augflow.train.model;

import java.util.Objects;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A built network configuration of either DL4J kind, with the input shape and class count it was built for.
 * Training picks {@code SparkDl4jMultiLayer} for {@link Layers} and {@code SparkComputationGraph} for
 * {@link Graph} ({@link #isGraph()}). Serializable, so it can be shipped to executors.
 */
public sealed interface ModelSpec extends java.io.Serializable permits ModelSpec.Layers, ModelSpec.Graph {

    /** The input the network expects (one image, NCHW). */
    InputShape input();

    /** Number of output classes (softmax width). */
    int classes();

    /** True for a {@code ComputationGraph}, false for a {@code MultiLayerNetwork}. */
    default boolean isGraph() {
        return this instanceof Graph;
    }

    /** @throws IllegalStateException when this is a graph */
    default MultiLayerConfiguration multiLayer() {
        if (this instanceof Layers l) {
            return l.configuration();
        }
        throw new IllegalStateException("this model is a ComputationGraph; use graph()");
    }

    /** @throws IllegalStateException when this is a layer stack */
    default ComputationGraphConfiguration graph() {
        if (this instanceof Graph g) {
            return g.configuration();
        }
        throw new IllegalStateException("this model is a MultiLayerNetwork; use multiLayer()");
    }

    /** A new network with this configuration, initialised (weights drawn from the configured seed). */
    default NeuralNetwork newNetwork() {
        if (this instanceof Layers l) {
            MultiLayerNetwork net = new MultiLayerNetwork(l.configuration().clone());
            net.init();
            return net;
        }
        ComputationGraph net = new ComputationGraph(graph().clone());
        net.init();
        return net;
    }

    /** A sequential network ({@code MultiLayerNetwork}). */
    record Layers(MultiLayerConfiguration configuration, InputShape input, int classes) implements ModelSpec {
        public Layers {
            Objects.requireNonNull(configuration, "configuration");
            Objects.requireNonNull(input, "input");
        }
    }

    /** A graph network ({@code ComputationGraph}), for architectures with skip connections. */
    record Graph(ComputationGraphConfiguration configuration, InputShape input, int classes) implements ModelSpec {
        public Graph {
            Objects.requireNonNull(configuration, "configuration");
            Objects.requireNonNull(input, "input");
        }
    }
}
