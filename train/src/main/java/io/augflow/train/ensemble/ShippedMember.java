package io.augflow.train.ensemble;

import io.augflow.train.eval.ModelBytes;
import io.augflow.train.predict.ClassifierInference;
import java.io.IOException;
import java.io.Serializable;
import java.util.Objects;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.api.Model;

/**
 * One member as the executors get it: its network's bytes (a broadcast, sent once) and its own inference path
 * (input size, resize policy, normalisation), which may differ from the other members'.
 *
 * @param graph whether the network is a {@code ComputationGraph}
 */
public record ShippedMember(String name, Broadcast<byte[]> model, boolean graph, ClassifierInference inference)
        implements Serializable {

    public ShippedMember {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(inference, "inference");
    }

    /** The network, restored on the executor. */
    Model restore() throws IOException {
        return ModelBytes.restore(model.value(), graph);
    }
}
