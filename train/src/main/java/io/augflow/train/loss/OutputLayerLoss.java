package io.augflow.train.loss;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Reads and replaces the loss of a network's (single) output layer, in its configuration and in the live layer
 * (DL4J's output layer reads its loss from its configuration at every step), so the next fit, the configuration
 * JSON shipped to the workers and the saved model zip all carry the new loss.
 */
public final class OutputLayerLoss {
    private OutputLayerLoss() {}

    /** The output layer's loss; empty-handed networks (no {@link BaseOutputLayer} output) are refused. */
    public static ILossFunction of(Model network) {
        return outputConf(network).getLossFn();
    }

    /** Sets {@code loss} on the output layer; returns whether it differs from the one in use. */
    public static boolean replace(Model network, ILossFunction loss) {
        BaseOutputLayer conf = outputConf(network);
        if (loss.equals(conf.getLossFn())) {
            return false;
        }
        conf.setLossFn(loss);
        Layer live = liveLayerConf(network);
        if (live instanceof BaseOutputLayer out && out != conf) {
            out.setLossFn(loss);
        }
        return true;
    }

    private static BaseOutputLayer outputConf(Model network) {
        Layer layer;
        if (network instanceof MultiLayerNetwork net) {
            layer = net.getLayerWiseConfigurations().getConf(net.getnLayers() - 1).getLayer();
        } else if (network instanceof ComputationGraph graph) {
            String name = graph.getConfiguration().getNetworkOutputs().get(0);
            GraphVertex vertex = graph.getConfiguration().getVertices().get(name);
            layer = vertex instanceof LayerVertex lv ? lv.getLayerConf().getLayer() : null;
        } else {
            throw new IllegalArgumentException("unsupported network type " + network.getClass().getName());
        }
        if (!(layer instanceof BaseOutputLayer out)) {
            throw new IllegalArgumentException("the network's output layer has no loss function to replace: " + layer);
        }
        return out;
    }

    private static Layer liveLayerConf(Model network) {
        if (network instanceof MultiLayerNetwork net) {
            return net.getOutputLayer().conf().getLayer();
        }
        return ((ComputationGraph) network).getOutputLayer(0).conf().getLayer();
    }
}
