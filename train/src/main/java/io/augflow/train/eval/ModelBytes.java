package io.augflow.train.eval;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A network as bytes for a Spark broadcast, and back on the executor: how evaluation ships the model (without its
 * updater state, which inference does not need).
 */
public final class ModelBytes {
    private ModelBytes() {}

    public static byte[] of(Model network) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ModelSerializer.writeModel(network, out, false);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise the network for evaluation", e);
        }
    }

    /** @param graph true for a {@link ComputationGraph}, false for a {@link MultiLayerNetwork} */
    public static Model restore(byte[] bytes, boolean graph) throws IOException {
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            return graph ? ModelSerializer.restoreComputationGraph(in, false)
                    : ModelSerializer.restoreMultiLayerNetwork(in, false);
        }
    }
}
