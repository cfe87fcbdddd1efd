package io.augflow.train.spark;

import io.augflow.train.model.InputShape;
import io.augflow.train.model.ModelSpec;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Starts a training run from the weights of an earlier model instead of a fresh initialisation (fine-tuning a
 * champion on new data). The network is built from the run's own configuration, so the optimiser, its learning
 * rate and the loss are the configured ones with a fresh updater state; only the parameters (batch-norm running
 * statistics included) are copied. That is only meaningful for the same architecture, input shape and classes in
 * the same order, so each is checked first and a mismatch names both sides.
 */
public final class WarmStart {
    private WarmStart() {}

    /**
     * A new network of {@code spec} holding the parameters of {@code from}.
     *
     * @param architecture the configured {@code model.architecture} key
     * @param classes the dataset's class names, by id
     * @throws IllegalArgumentException when architecture, classes, input shape or any parameter shape differ
     */
    public static DistributedNetwork from(TrainedModel from, ModelSpec spec, String architecture,
            List<String> classes, Configuration hadoop) {
        String where = "warm start from " + from.modelPath();
        if (!from.architecture().equals(architecture)) {
            throw new IllegalArgumentException(where + ": the model is a " + from.architecture()
                    + " but model.architecture is " + architecture + "; a warm start needs the same architecture");
        }
        if (!from.classes().equals(classes)) {
            throw new IllegalArgumentException(where + ": the classes changed (model " + from.classes()
                    + ", dataset " + classes + "); the output layer cannot be reused, train from scratch instead");
        }
        InputShape input = spec.input();
        int[] wanted = {input.channels(), input.height(), input.width()};
        if (!Arrays.equals(from.input(), wanted)) {
            throw new IllegalArgumentException(where + ": the model takes input " + Arrays.toString(from.input())
                    + " (channels, height, width) but this run feeds " + Arrays.toString(wanted)
                    + " (train.input and the dataset's image size decide it)");
        }
        Model fresh = (Model) spec.newNetwork();
        Model saved = from.load(hadoop).network();
        checkSameParameters(where, saved.paramTable(), fresh.paramTable());
        fresh.setParams(saved.params().dup());
        return DistributedNetwork.of(fresh);
    }

    /** Same parameter names in the same order, with the same shapes. */
    static void checkSameParameters(String where, Map<String, INDArray> saved, Map<String, INDArray> fresh) {
        if (!saved.keySet().equals(fresh.keySet())) {
            throw new IllegalArgumentException(where + ": the model's parameters " + saved.keySet()
                    + " differ from the configured network's " + fresh.keySet() + " (model.* settings changed?)");
        }
        Iterator<String> a = saved.keySet().iterator();
        Iterator<String> b = fresh.keySet().iterator();
        while (a.hasNext()) {
            String name = a.next();
            if (!name.equals(b.next())) {
                throw new IllegalArgumentException(where + ": parameter order differs at " + name);
            }
            long[] s = saved.get(name).shape();
            long[] f = fresh.get(name).shape();
            if (!Arrays.equals(s, f)) {
                throw new IllegalArgumentException(where + ": parameter " + name + " has shape " + Arrays.toString(s)
                        + " in the model but " + Arrays.toString(f) + " in the configured network (model.* settings"
                        + " changed?); a warm start needs the same architecture");
            }
        }
    }
}
