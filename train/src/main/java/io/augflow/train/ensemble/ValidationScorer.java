package io.augflow.train.ensemble;

import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.pipeline.dataset.DatasetSchema;
import io.augflow.pipeline.dataset.SampleRows;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.api.Model;
import scala.collection.JavaConverters;

/**
 * The executor's half of fitting an ensemble: labelled dataset rows in ({@code id, source, image, channels, label}),
 * one row out per image with every member's class probabilities ({@link #SCHEMA}): a few floats per image, the only
 * thing that travels to the driver. An image that does not decode fails the run naming the sample (a dataset's rows
 * were checked at ingest).
 */
record ValidationScorer(MemberBatches members, int batchSize) implements Serializable {
    static final String PROBABILITIES = "probabilities";

    /** {@code id, label, probabilities}: member 0's class probabilities, then member 1's, ... */
    static final StructType SCHEMA = new StructType()
            .add(DatasetSchema.ID, DataTypes.StringType, false)
            .add(DatasetSchema.LABEL, DataTypes.IntegerType, false)
            .add(PROBABILITIES, DataTypes.createArrayType(DataTypes.DoubleType, false), false);

    ValidationScorer {
        if (batchSize < 1) {
            throw new IllegalArgumentException("augflow.train.batch-size-per-worker must be >= 1, got " + batchSize);
        }
    }

    Iterator<Row> score(Iterator<Row> rows) throws java.io.IOException {
        List<Row> out = new ArrayList<>();
        if (!rows.hasNext()) {
            return out.iterator();
        }
        OpenCv.load();
        List<Model> networks = members.open();
        List<Sample> batch = new ArrayList<>(batchSize);
        while (rows.hasNext()) {
            Row r = rows.next();
            String id = r.getAs(DatasetSchema.ID);
            int label = r.<Integer>getAs(DatasetSchema.LABEL);
            batch.add(new Sample(id, SampleRows.decodeImage(r.getAs(DatasetSchema.IMAGE),
                    r.<Integer>getAs(DatasetSchema.CHANNELS), id, r.getAs(DatasetSchema.SOURCE)), List.of(), label));
            if (batch.size() == batchSize) {
                flush(networks, batch, out);
            }
        }
        flush(networks, batch, out);
        return out.iterator();
    }

    private void flush(List<Model> networks, List<Sample> batch, List<Row> out) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            double[][][] p = members.probabilities(networks, batch);
            for (int i = 0; i < batch.size(); i++) {
                List<Double> flat = new ArrayList<>();
                for (double[] m : p[i]) {
                    for (double v : m) {
                        flat.add(v);
                    }
                }
                Sample s = batch.get(i);
                out.add(new GenericRowWithSchema(new Object[] {s.id(), s.label().orElseThrow(),
                    JavaConverters.asScalaBuffer(flat)}, SCHEMA));
            }
        } finally {
            batch.forEach(s -> s.image().release());
            batch.clear();
        }
    }
}
