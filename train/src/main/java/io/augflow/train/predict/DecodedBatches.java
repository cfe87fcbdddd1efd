package io.augflow.train.predict;

import io.augflow.augment.InvalidSampleException;
import io.augflow.augment.Sample;
import io.augflow.pipeline.dataset.SampleRows;
import io.augflow.pipeline.ingest.QuarantineReason;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.opencv.core.Mat;

/**
 * The row loop of a prediction task ({@link PredictInput}'s rows in, {@link PredictionRows} out, in order): a row
 * refused upstream passes through as quarantined, an image that does not decode is quarantined as
 * {@link QuarantineReason#UNDECODABLE}, and the decoded samples go to a {@link BatchHandler} in batches of at most
 * {@code batchSize}, with their sources; each batch's images are released once it is handled. OpenCV must be loaded.
 */
public final class DecodedBatches {
    private DecodedBatches() {}

    /** Appends one result row per sample of {@code batch} (whose {@code sources} are parallel) to {@code out}. */
    @FunctionalInterface
    public interface BatchHandler {
        void handle(List<Sample> batch, List<String> sources, List<Row> out);
    }

    public static List<Row> predict(Iterator<Row> rows, int batchSize, BatchHandler handler) {
        List<Row> out = new ArrayList<>();
        List<Sample> batch = new ArrayList<>(batchSize);
        List<String> sources = new ArrayList<>(batchSize);
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
            if (batch.size() == batchSize) {
                handle(handler, batch, sources, out);
            }
        }
        handle(handler, batch, sources, out);
        return out;
    }

    private static void handle(BatchHandler handler, List<Sample> batch, List<String> sources, List<Row> out) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            handler.handle(batch, sources, out);
        } finally {
            batch.forEach(s -> s.image().release());
            batch.clear();
            sources.clear();
        }
    }
}
