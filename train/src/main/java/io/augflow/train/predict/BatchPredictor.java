package io.augflow.train.predict;

import io.augflow.augment.InvalidSampleException;
import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.pipeline.dataset.SampleRows;
import io.augflow.pipeline.ingest.QuarantineReason;
import io.augflow.train.backend.TaskDevice;
import io.augflow.train.detect.Detection;
import io.augflow.train.detect.DetectorInference;
import io.augflow.train.eval.ModelBytes;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.api.Model;
import org.opencv.core.Mat;

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
        List<Row> out = new ArrayList<>();
        if (!rows.hasNext()) {
            return out.iterator();
        }
        OpenCv.load();
        TaskDevice.forCurrentTask(); // GPU executors: the task's GPU, before the network is restored
        Model network = ModelBytes.restore(model.value(), graph);
        List<Sample> batch = new ArrayList<>(conf.batchSize());
        List<String> sources = new ArrayList<>(conf.batchSize());
        while (rows.hasNext()) {
            Row r = rows.next();
            String id = r.getAs(PredictInput.ID);
            String source = r.getAs(PredictInput.SOURCE);
            String reason = r.getAs(PredictionRows.REASON);
            if (reason != null) {
                out.add(PredictionRows.quarantined(id, source, reason, r.getAs(PredictionRows.DETAIL)));
                continue;
            }
            Mat image;
            try {
                image = SampleRows.decodeImage(r.getAs(PredictInput.IMAGE), r.<Integer>getAs(PredictInput.CHANNELS),
                        id, source);
            } catch (InvalidSampleException e) {
                out.add(PredictionRows.quarantined(id, source, QuarantineReason.UNDECODABLE.name(), e.getMessage()));
                continue;
            }
            batch.add(new Sample(id, image, List.of(), Sample.NO_LABEL));
            sources.add(source);
            if (batch.size() == conf.batchSize()) {
                flush(network, batch, sources, out);
            }
        }
        flush(network, batch, sources, out);
        return out.iterator();
    }

    private void flush(Model network, List<Sample> batch, List<String> sources, List<Row> out) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            if (classifier != null) {
                float[][] p = classifier.probabilities(network, batch, conf.tta());
                for (int i = 0; i < batch.size(); i++) {
                    Sample s = batch.get(i);
                    out.add(PredictionRows.classified(s.id(), sources.get(i), s.width(), s.height(),
                            ClassPrediction.top(p[i], Math.min(conf.topK(), classes.size())), classes));
                }
            } else {
                List<List<Detection>> found = detector.detect(network, batch,
                        conf.tta() == TestTimeAugmentation.FLIP);
                for (int i = 0; i < batch.size(); i++) {
                    Sample s = batch.get(i);
                    out.add(PredictionRows.detected(s.id(), sources.get(i), s.width(), s.height(), found.get(i),
                            classes));
                }
            }
        } finally {
            batch.forEach(s -> s.image().release());
            batch.clear();
            sources.clear();
        }
    }
}
