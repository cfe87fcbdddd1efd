package io.augflow.train.ensemble;

import static org.apache.spark.sql.functions.col;

import io.augflow.augment.DataException;
import io.augflow.pipeline.dataset.DatasetSchema;
import io.augflow.pipeline.spark.BoundedJob;
import io.augflow.train.model.DetectConf;
import io.augflow.train.predict.TestTimeAugmentation;
import io.augflow.train.spark.TrainConf;
import io.augflow.train.spark.TrainedModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Every member's class probabilities on the labelled rows of one split of a dataset, computed on the executors
 * ({@link ValidationScorer}); only the per-row probability vectors are collected. The rows come back in id order (the
 * partitions' order is not stable), so the same inputs give the same table.
 */
final class MemberScoring {
    private MemberScoring() {}

    /**
     * @param current the {@code train} block for members that do not record theirs
     * @throws DataException when the split has no labelled rows
     */
    static ValidationTable table(SparkSession spark, List<String> names, List<TrainedModel> models, TrainConf current,
            String dataset, String split, int batchSize, Duration timeout) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        try (MemberShipping shipping = new MemberShipping(sc, names, models, current, DetectConf.DEFAULT,
                spark.sparkContext().hadoopConfiguration())) {
            ValidationScorer scorer = new ValidationScorer(new MemberBatches(shipping.members(),
                    TestTimeAugmentation.NONE), batchSize);
            MapPartitionsFunction<Row, Row> score = scorer::score;
            List<Row> rows = BoundedJob.run(spark.sparkContext(), "ensemble scoring of split '" + split + "'",
                    timeout, "--timeout-minutes", () -> spark.read().parquet(dataset)
                            .filter(col(DatasetSchema.SPLIT).equalTo(split).and(col(DatasetSchema.LABEL).isNotNull()))
                            .select(DatasetSchema.ID, DatasetSchema.SOURCE, DatasetSchema.IMAGE,
                                    DatasetSchema.CHANNELS, DatasetSchema.LABEL)
                            .mapPartitions(score, Encoders.row(ValidationScorer.SCHEMA))
                            .collectAsList());
            if (rows.isEmpty()) {
                throw new DataException("split '" + split + "' of " + dataset + " has no labelled rows: an ensemble"
                        + " is fitted and scored on them");
            }
            List<Row> sorted = new ArrayList<>(rows);
            sorted.sort(Comparator.comparing(r -> r.getString(0)));
            int members = models.size();
            int classes = models.get(0).classes().size();
            List<String> ids = new ArrayList<>();
            int[] labels = new int[sorted.size()];
            double[][][] p = new double[sorted.size()][members][classes];
            for (int i = 0; i < sorted.size(); i++) {
                Row r = sorted.get(i);
                ids.add(r.getString(0));
                labels[i] = r.getInt(1);
                List<Double> flat = r.getList(2);
                for (int m = 0; m < members; m++) {
                    for (int k = 0; k < classes; k++) {
                        p[i][m][k] = flat.get(m * classes + k);
                    }
                }
            }
            return new ValidationTable(ids, labels, p);
        }
    }
}
