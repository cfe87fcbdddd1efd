package io.augflow.train.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.util.ModelSerializer;
import io.augflow.train.eval.SparkEvaluation;
import org.nd4j.evaluation.classification.Evaluation;

/**
 * One face for DL4J's two Spark wrappers ({@link SparkDl4jMultiLayer}, {@link SparkComputationGraph}),
 * so the training loop is written once. Holds the current (averaged) network between epochs.
 */
public sealed interface DistributedNetwork permits DistributedNetwork.Layers, DistributedNetwork.Graph {

    /** One round of parameter-averaging training over the shard paths, with {@code master}. */
    void fit(JavaSparkContext sc, TrainingMaster<?, ?> master, JavaRDD<String> paths, DataSetLoader loader);

    /** Evaluates the current network on shard paths (see {@link SparkEvaluation} for why not DL4J's). */
    default Evaluation evaluate(JavaSparkContext sc, JavaRDD<String> paths, DataSetLoader loader, int classes,
            int batchSize) {
        return SparkEvaluation.evaluate(sc, network(), paths, loader, classes, batchSize);
    }

    /** The averaged score (loss) of the last {@link #fit}. */
    double lastScore();

    Model network();

    /** DL4J's model zip, with the updater state when {@code withUpdater} (needed to resume exactly). */
    void save(OutputStream out, boolean withUpdater) throws IOException;

    static DistributedNetwork of(Model model) {
        if (model instanceof MultiLayerNetwork m) {
            return new Layers(m);
        }
        if (model instanceof ComputationGraph g) {
            return new Graph(g);
        }
        throw new IllegalArgumentException("unsupported network type " + model.getClass().getName());
    }

    /** Restores a saved model of either kind (with its updater state). */
    static DistributedNetwork restore(InputStream in, boolean graph) throws IOException {
        return graph ? new Graph(ModelSerializer.restoreComputationGraph(in, true))
                : new Layers(ModelSerializer.restoreMultiLayerNetwork(in, true));
    }

    /** A {@code MultiLayerNetwork}. */
    final class Layers implements DistributedNetwork {
        private MultiLayerNetwork net;
        private double score = Double.NaN;

        Layers(MultiLayerNetwork net) {
            this.net = net;
        }

        @Override
        public void fit(JavaSparkContext sc, TrainingMaster<?, ?> master, JavaRDD<String> paths, DataSetLoader loader) {
            SparkDl4jMultiLayer spark = new SparkDl4jMultiLayer(sc, net, master);
            net = spark.fitPaths(paths, loader);
            score = spark.getScore();
        }

        @Override
        public double lastScore() {
            return score;
        }

        @Override
        public Model network() {
            return net;
        }

        @Override
        public void save(OutputStream out, boolean withUpdater) throws IOException {
            ModelSerializer.writeModel(net, out, withUpdater);
        }
    }

    /** A {@code ComputationGraph}. */
    final class Graph implements DistributedNetwork {
        private ComputationGraph net;
        private double score = Double.NaN;

        Graph(ComputationGraph net) {
            this.net = net;
        }

        @Override
        public void fit(JavaSparkContext sc, TrainingMaster<?, ?> master, JavaRDD<String> paths, DataSetLoader loader) {
            SparkComputationGraph spark = new SparkComputationGraph(sc, net, master);
            net = spark.fitPaths(paths, loader);
            score = spark.getScore();
        }

        @Override
        public double lastScore() {
            return score;
        }

        @Override
        public Model network() {
            return net;
        }

        @Override
        public void save(OutputStream out, boolean withUpdater) throws IOException {
            ModelSerializer.writeModel(net, out, withUpdater);
        }
    }
}
