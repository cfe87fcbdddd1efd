package io.augflow.train.ensemble;

import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.train.detect.ScoredBox;
import io.augflow.train.predict.ClassPrediction;
import io.augflow.train.predict.DecodedBatches;
import io.augflow.train.predict.PredictionRows;
import java.io.Serializable;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.api.Model;

/**
 * The executor's half of {@code predict} with an ensemble: the same input rows and result rows as a single
 * network's {@link io.augflow.train.predict.BatchPredictor} (a quarantined row stays so, an undecodable one is
 * quarantined UNDECODABLE). A classifier ensemble's probabilities are its combiner's over every member's; a
 * detector ensemble's boxes are every member's merged by {@link BoxEnsemble}.
 *
 * @param combiner a classifier ensemble's; null for detectors
 * @param boxes    a detector ensemble's; null for classifiers
 */
record EnsemblePredictor(MemberBatches members, Combiner combiner, BoxEnsemble boxes, List<String> classes,
        int batchSize, int topK) implements Serializable {

    EnsemblePredictor {
        classes = List.copyOf(classes);
        if ((combiner == null) == (boxes == null)) {
            throw new IllegalArgumentException("an ensemble predicts with exactly one of a combiner and a box merging");
        }
    }

    Iterator<Row> predict(Iterator<Row> rows) throws java.io.IOException {
        if (!rows.hasNext()) {
            return Collections.emptyIterator();
        }
        OpenCv.load();
        List<Model> networks = members.open();
        return DecodedBatches.predict(rows, batchSize, (batch, sources, out) -> handle(networks, batch, sources, out))
                .iterator();
    }

    private void handle(List<Model> networks, List<Sample> batch, List<String> sources, List<Row> out) {
        if (boxes != null) {
            List<List<List<ScoredBox>>> found = members.detections(networks, batch);
            for (int i = 0; i < batch.size(); i++) {
                Sample s = batch.get(i);
                out.add(PredictionRows.detected(s.id(), sources.get(i), s.width(), s.height(),
                        boxes.merge(found.get(i)), classes));
            }
            return;
        }
        double[][][] p = members.probabilities(networks, batch);
        for (int i = 0; i < batch.size(); i++) {
            double[] combined = combiner.combine(p[i]);
            float[] f = new float[combined.length];
            for (int k = 0; k < f.length; k++) {
                f[k] = (float) combined[k];
            }
            Sample s = batch.get(i);
            out.add(PredictionRows.classified(s.id(), sources.get(i), s.width(), s.height(),
                    ClassPrediction.top(f, Math.min(topK, classes.size())), classes));
        }
    }
}
