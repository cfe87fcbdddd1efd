package io.augflow.train.ensemble;

import io.augflow.augment.tensor.ToTensor;
import io.augflow.train.eval.ModelBytes;
import io.augflow.train.model.DetectConf;
import io.augflow.train.predict.ClassifierInference;
import io.augflow.train.spark.TrainConf;
import io.augflow.train.spark.TrainedModel;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Sends the members to the executors: each network once, as a broadcast, with the inference path it was trained
 * with (its input size, resize policy and normalisation, {@link TrainedModel#trainConf}). {@link #close()} destroys
 * the broadcasts.
 */
final class MemberShipping implements AutoCloseable {
    private final List<Broadcast<byte[]>> broadcasts = new ArrayList<>();
    private final List<ShippedMember> shipped = new ArrayList<>();

    /**
     * @param current       the {@code train} block for members that do not record theirs
     * @param currentDetect the {@code model.detect} block for detectors that do not record theirs
     */
    MemberShipping(JavaSparkContext sc, List<String> names, List<TrainedModel> models, TrainConf current,
            DetectConf currentDetect, Configuration hadoop) {
        for (int m = 0; m < models.size(); m++) {
            TrainedModel model = models.get(m);
            Model network = model.load(hadoop).network();
            TrainConf trained = model.trainConf(current);
            Broadcast<byte[]> bytes = sc.broadcast(ModelBytes.of(network));
            broadcasts.add(bytes);
            shipped.add(model.isDetector()
                    ? new ShippedMember(names.get(m), bytes, network instanceof ComputationGraph, null,
                            model.inference(trained, model.detectConf(currentDetect)))
                    : new ShippedMember(names.get(m), bytes, network instanceof ComputationGraph,
                            new ClassifierInference(model.inputFit(), new ToTensor(trained.mean(), trained.std())),
                            null));
        }
    }

    List<ShippedMember> members() {
        return List.copyOf(shipped);
    }

    @Override
    public void close() {
        broadcasts.forEach(Broadcast::destroy);
    }
}
