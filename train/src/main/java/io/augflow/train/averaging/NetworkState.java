package io.augflow.train.averaging;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The parts of a DL4J network that parameter averaging moves between the driver and the workers, for either
 * network kind: the flattened parameters (batch-norm statistics included), the flattened updater state (Adam's
 * moments...), and the iteration and epoch counts that learning-rate schedules and Adam's bias correction read.
 */
public final class NetworkState {
    private NetworkState() {}

    public static float[] params(Model net) {
        return net.params().dup().data().asFloat();
    }

    /** Copies {@code values} into the network's parameters (lengths must match). */
    public static void setParams(Model net, float[] values) {
        INDArray params = net.params();
        check("parameters", params.length(), values.length);
        params.assign(Nd4j.create(values, params.shape(), params.ordering()));
    }

    /** The updater state, or null when the updater keeps none (plain SGD). */
    public static float[] updaterState(Model net) {
        INDArray state = updaterView(net);
        return state == null ? null : state.dup().data().asFloat();
    }

    /** Copies {@code values} into the updater state; null leaves it as it is. */
    public static void setUpdaterState(Model net, float[] values) {
        if (values == null) {
            return;
        }
        INDArray state = updaterView(net);
        if (state == null) {
            throw new IllegalStateException("the network's updater keeps no state, but " + values.length
                    + " values were given");
        }
        check("updater state values", state.length(), values.length);
        state.assign(Nd4j.create(values, state.shape(), state.ordering()));
    }

    public static int iterationCount(Model net) {
        return net instanceof MultiLayerNetwork m ? m.getLayerWiseConfigurations().getIterationCount()
                : ((ComputationGraph) net).getConfiguration().getIterationCount();
    }

    public static void setCounts(Model net, int iteration, int epoch) {
        if (net instanceof MultiLayerNetwork m) {
            m.getLayerWiseConfigurations().setIterationCount(iteration);
            m.getLayerWiseConfigurations().setEpochCount(epoch);
        } else {
            ((ComputationGraph) net).getConfiguration().setIterationCount(iteration);
            ((ComputationGraph) net).getConfiguration().setEpochCount(epoch);
        }
    }

    /** One optimisation step on one minibatch. */
    public static void fit(Model net, DataSet batch) {
        if (net instanceof MultiLayerNetwork m) {
            m.fit(batch);
        } else {
            ((ComputationGraph) net).fit(batch);
        }
    }

    private static INDArray updaterView(Model net) {
        if (net instanceof MultiLayerNetwork m) {
            return m.getUpdater(true).getStateViewArray();
        }
        ComputationGraph g = (ComputationGraph) net;
        return g.getUpdater(true).getStateViewArray();
    }

    private static void check(String what, long expected, int given) {
        if (expected != given) {
            throw new IllegalArgumentException("the network has " + expected + " " + what + " but " + given
                    + " were given (another network's state?)");
        }
    }
}
