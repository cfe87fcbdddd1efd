package io.augflow.train.spark;

import io.augflow.augment.DataException;
import io.augflow.augment.tensor.ToTensor;
import io.augflow.augment.transform.geometric.InputFit;
import io.augflow.pipeline.stream.DatasetShards;
import io.augflow.pipeline.stream.Shard;
import io.augflow.train.eval.ClassificationMetrics;
import io.augflow.train.evaluate.ClassifierEvaluation;
import io.augflow.train.evaluate.EvaluateConf;
import io.augflow.train.evaluate.ModelEvaluator;
import io.augflow.train.predict.ClassifierInference;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates a classifier on one split of a dataset after each epoch, with the evaluator of {@code augflow evaluate}
 * ({@link ModelEvaluator}) and so the inference path of {@code predict}: each row once, on the executors, brought to
 * the network's input by its {@link InputFit}, never augmented, normalised by {@code train.mean/std}. Background rows
 * (neither a label nor a box) have no class and are left out. A row whose image does not decode fails the run, as in
 * training. The whole evaluation runs under {@code train.round-timeout}.
 */
public final class SplitEvaluator {
    private static final Logger LOG = LoggerFactory.getLogger(SplitEvaluator.class);
    private static final String TIMEOUT_KEY = "augflow." + TrainConf.PATH + ".round-timeout";

    private final SparkSession spark;
    private final TrainConf conf;
    private final InputFit fit;

    /**
     * @param conf the {@code train} block the network was trained with (normalisation, batch size, rows per shard,
     *             round timeout)
     * @param fit the network's input size and resize policy
     */
    public SplitEvaluator(SparkSession spark, TrainConf conf, InputFit fit) {
        this.spark = spark;
        this.conf = conf;
        this.fit = fit;
    }

    /** Metrics of {@code split} of the dataset at {@code datasetPath}. */
    public ClassificationMetrics evaluate(DistributedNetwork network, String datasetPath, String split,
            List<String> classes) {
        return evaluate(network, DatasetShards.list(spark, datasetPath, conf.rowsPerShard()), split, classes);
    }

    /**
     * Metrics of {@code split} over the Parquet files the listed {@code shards} come from; all zeros with a warning
     * when it is empty.
     *
     * @throws DataException when a row of the split does not decode
     */
    public ClassificationMetrics evaluate(DistributedNetwork network, List<Shard> shards, String split,
            List<String> classes) {
        List<String> files = shards.stream().map(Shard::file).distinct().toList();
        ClassifierInference inference = new ClassifierInference(fit, new ToTensor(conf.mean(), conf.std()));
        ClassifierEvaluation e = new ModelEvaluator(spark, EvaluateConf.of(conf.batchSizePerWorker(),
                conf.roundTimeout(), TIMEOUT_KEY)).classify(network.network(), inference, classes, files, split);
        if (e.counts().quarantined() > 0) {
            throw new DataException("evaluation of split '" + split + "': " + e.counts().quarantined() + " row(s)"
                    + " cannot be decoded, e.g. " + e.counts().examples().get(0));
        }
        if (e.counts().evaluated() == 0) {
            LOG.warn("split '{}' is empty: nothing to evaluate", split);
        }
        return e.metrics();
    }
}
