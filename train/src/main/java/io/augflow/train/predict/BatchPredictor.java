package io.augflow.train.predict;

import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.train.backend.TaskDevice;
import io.augflow.train.detect.ScoredBox;
import io.augflow.train.detect.DetectorInference;
import io.augflow.train.eval.ModelBytes;
import java.io.Serializable;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.api.Model;

/**
 * The executor's half of a prediction run: restores the broadcast network once per partition, decodes each input row
 * ({@link PredictInput}) and predicts in minibatches, with a classifier's {@link ClassifierInference} or a detector's
 * {@link DetectorInference}. A row that arrives quarantined stays so; one whose bytes do not decode is quarantined
 * UNDECODABLE. Every input row gives exactly one {@link PredictionRows#RESULT} row.
 *
 * @param model      the network's bytes ({@link ModelBytes})
 * @param graph      whether the network is a {@code ComputationGraph}
 * @param classifier the classifier's path; null for a detector
 * @param detector   the detector's path; null for a classifier
 */
public record BatchPredictor(Broadcast<byte[]> model, boolean graph, ClassifierInference classifier,
        DetectorInference detector, List<String> classes, PredictConf conf) implements Serializable {

    public BatchPredictor {
        Objects.requireNonNull(model, "model");
        if ((classifier == null) == (detector == null)) {
            throw new IllegalArgumentException("a prediction run needs exactly one of a classifier's and a detector's"
                    + " inference path");
        }
        classes = List.copyOf(classes);
    }

    /** One result row per input row, in order. */
    public Iterator<Row> predict(Iterator<Row> rows) throws java.io.IOException {
        if (!rows.hasNext()) {
            return Collections.emptyIterator();
        }
        OpenCv.load();
        TaskDevice.forCurrentTask(); // GPU executors: the task's GPU, before the network is restored
        Model network = ModelBytes.restore(model.value(), graph);
        return DecodedBatches.predict(rows, conf.batchSize(), (batch, sources, out) -> handle(network, batch, sources,
                out)).iterator();
    }

    private void handle(Model network, List<Sample> batch, List<String> sources, List<Row> out) {
        if (classifier != null) {
            float[][] p = classifier.probabilities(network, batch, conf.tta());
            for (int i = 0; i < batch.size(); i++) {
                Sample s = batch.get(i);
                out.add(PredictionRows.classified(s.id(), sources.get(i), s.width(), s.height(),
                        ClassPrediction.top(p[i], Math.min(conf.topK(), classes.size())), classes));
            }
        } else {
            List<List<ScoredBox>> found = detector.detect(network, batch, conf.tta() == TestTimeAugmentation.FLIP);
            for (int i = 0; i < batch.size(); i++) {
                Sample s = batch.get(i);
                out.add(PredictionRows.detected(s.id(), sources.get(i), s.width(), s.height(), found.get(i),
                        classes));
            }
        }
    }
}
