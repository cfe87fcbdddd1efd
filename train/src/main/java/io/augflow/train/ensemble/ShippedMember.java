package io.augflow.train.ensemble;

import io.augflow.train.detect.DetectorInference;
import io.augflow.train.eval.ModelBytes;
import io.augflow.train.predict.ClassifierInference;
import java.io.IOException;
import java.io.Serializable;
import java.util.Objects;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.api.Model;

/**
 * One member as the executors get it: its network's bytes (a broadcast, sent once) and its own inference path
 * (input size, resize policy, normalisation; a detector's head, score threshold and NMS), which may differ from the
 * other members'.
 *
 * @param graph     whether the network is a {@code ComputationGraph}
 * @param inference a classifier's path; null for a detector
 * @param detector  a detector's path; null for a classifier
 */
public record ShippedMember(String name, Broadcast<byte[]> model, boolean graph, ClassifierInference inference,
        DetectorInference detector) implements Serializable {

    public ShippedMember {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        if ((inference == null) == (detector == null)) {
            throw new IllegalArgumentException("member " + name + " needs exactly one of a classifier's and a"
                    + " detector's inference path");
        }
    }

    /** The network, restored on the executor. */
    Model restore() throws IOException {
        return ModelBytes.restore(model.value(), graph);
    }
}
