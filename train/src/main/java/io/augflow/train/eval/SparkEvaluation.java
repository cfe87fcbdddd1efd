package io.augflow.train.eval;

import io.augflow.train.backend.TaskDevice;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Evaluates a network on shard paths, on the executors: the model travels once as a broadcast of its
 * bytes, each task evaluates its shards in minibatches and the per-task {@link Evaluation}s are merged.
 *
 * <p>Why not DL4J's {@code SparkDl4jMultiLayer.doEvaluation(paths, loader, ...)}: in 1.0.0-M2 it hands
 * a {@code MultiLayerNetwork}'s configuration to a {@code ComputationGraph} and fails with a
 * {@code NullPointerException} in {@code getNetworkInputs()}.
 */
public final class SparkEvaluation {
    private SparkEvaluation() {}

    public static Evaluation evaluate(JavaSparkContext sc, Model network, JavaRDD<String> paths,
            DataSetLoader loader, int classes, int batchSize) {
        Broadcast<byte[]> model = sc.broadcast(ModelBytes.of(network));
        boolean graph = network instanceof ComputationGraph;
        try {
            List<Evaluation> parts = paths.mapPartitions((Iterator<String> it) -> {
                Evaluation eval = new Evaluation(classes);
                if (!it.hasNext()) {
                    return List.of(eval).iterator();
                }
                TaskDevice.forCurrentTask(); // GPU executors: the task's GPU
                Model net = ModelBytes.restore(model.value(), graph);
                while (it.hasNext()) {
                    DataSet shard = loader.load(new io.augflow.train.feed.SlicePath(it.next()));
                    for (int from = 0; from < shard.numExamples(); from += batchSize) {
                        DataSet batch = (DataSet) shard.getRange(from, Math.min(shard.numExamples(), from + batchSize));
                        INDArray out = graph ? ((ComputationGraph) net).outputSingle(false, batch.getFeatures())
                                : ((MultiLayerNetwork) net).output(batch.getFeatures(), false);
                        eval.eval(batch.getLabels(), out);
                    }
                }
                return List.of(eval).iterator();
            }).collect();
            Evaluation total = new Evaluation(classes);
            parts.forEach(total::merge);
            return total;
        } finally {
            model.destroy();
        }
    }
}
