package io.augflow.train.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The network being trained, of either DL4J kind ({@code MultiLayerNetwork} or {@code ComputationGraph}), behind
 * one face: restored and saved the same way. Training rounds
 * ({@link io.augflow.train.averaging.ParameterAveraging}) write the averaged parameters into {@link #network()}.
 */
public final class DistributedNetwork {
    private final Model net;

    private DistributedNetwork(Model net) {
        this.net = net;
    }

    public static DistributedNetwork of(Model model) {
        if (!(model instanceof MultiLayerNetwork) && !(model instanceof ComputationGraph)) {
            throw new IllegalArgumentException("unsupported network type " + model.getClass().getName());
        }
        return new DistributedNetwork(model);
    }

    /** Restores a saved model of either kind (with its updater state). */
    public static DistributedNetwork restore(InputStream in, boolean graph) throws IOException {
        return new DistributedNetwork(graph ? ModelSerializer.restoreComputationGraph(in, true)
                : ModelSerializer.restoreMultiLayerNetwork(in, true));
    }

    public Model network() {
        return net;
    }

    /** DL4J's model zip, with the updater state when {@code withUpdater} (needed to resume exactly). */
    public void save(OutputStream out, boolean withUpdater) throws IOException {
        ModelSerializer.writeModel(net, out, withUpdater);
    }
}
