package io.augflow.train.averaging;

import java.io.Serializable;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * How a worker builds its copy of the network: DL4J's configuration JSON, the network kind, and the run it belongs
 * to ({@code runId}: the {@link NetworkPool} keeps a worker's network between the rounds of one run, never across
 * runs). Shipped once per run as a broadcast.
 */
public record NetworkBlueprint(String runId, String json, boolean graph) implements Serializable {

    public static NetworkBlueprint of(String runId, Model network) {
        if (network instanceof MultiLayerNetwork net) {
            return new NetworkBlueprint(runId, net.getLayerWiseConfigurations().toJson(), false);
        }
        if (network instanceof ComputationGraph graph) {
            return new NetworkBlueprint(runId, graph.getConfiguration().toJson(), true);
        }
        throw new IllegalArgumentException("unsupported network type " + network.getClass().getName());
    }

    /** A new, initialised network (its parameters are overwritten by every round). */
    public Model build() {
        if (graph) {
            ComputationGraph net = new ComputationGraph(ComputationGraphConfiguration.fromJson(json));
            net.init();
            return net;
        }
        MultiLayerNetwork net = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(json));
        net.init();
        return net;
    }
}
