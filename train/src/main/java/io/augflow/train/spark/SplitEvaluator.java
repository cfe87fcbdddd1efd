package io.augflow.train.spark;

import io.augflow.augment.tensor.ToTensor;
import io.augflow.augment.transform.geometric.InputFit;
import io.augflow.pipeline.spark.BoundedJob;
import io.augflow.pipeline.stream.DatasetShards;
import io.augflow.pipeline.stream.EpochShards;
import io.augflow.pipeline.stream.EpochStream;
import io.augflow.pipeline.stream.Shard;
import io.augflow.pipeline.stream.ShardSlice;
import io.augflow.pipeline.stream.StreamCounters;
import io.augflow.pipeline.stream.StreamTask;
import io.augflow.train.eval.ClassificationMetrics;
import io.augflow.train.feed.AugmentedShardLoader;
import io.augflow.train.feed.BatchEncoder;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates a network on one split of a dataset, on the executors: each row once, decoded and brought to the
 * network's input by its {@link InputFit}, never augmented, normalised by {@code train.mean/std}. Background rows
 * (neither a label nor a box) have no class and are left out ({@link StreamTask#CLASSIFY}). The whole evaluation
 * runs under {@code train.round-timeout}.
 * The training loop evaluates with it after every epoch; retraining uses it to score a champion and its
 * challenger on the same holdout rows.
 */
public final class SplitEvaluator {
    private static final Logger LOG = LoggerFactory.getLogger(SplitEvaluator.class);

    private final SparkSession spark;
    private final TrainConf conf;
    private final long seed;
    private final InputFit fit;

    /**
     * @param conf the {@code train} block the network was trained with (input pipeline, normalisation, batch
     *             size, rows per shard, workers)
     * @param seed the run's seed (evaluation draws nothing random, but the stream is keyed by it)
     * @param fit the network's input size and resize policy
     */
    public SplitEvaluator(SparkSession spark, TrainConf conf, long seed, InputFit fit) {
        this.spark = spark;
        this.conf = conf;
        this.seed = seed;
        this.fit = fit;
    }

    /** Metrics of {@code split} of the dataset at {@code datasetPath}. */
    public ClassificationMetrics evaluate(DistributedNetwork network, String datasetPath, String split,
            List<String> classes) {
        return evaluate(network, DatasetShards.list(spark, datasetPath, conf.rowsPerShard()), split, classes);
    }

    /** Metrics of {@code split} over already listed {@code shards}; all zeros with a warning when it is empty. */
    public ClassificationMetrics evaluate(DistributedNetwork network, List<Shard> shards, String split,
            List<String> classes) {
        return BoundedJob.run(spark.sparkContext(), "evaluation of split '" + split + "'", conf.roundTimeout(),
                () -> run(network, shards, split, classes));
    }

    private ClassificationMetrics run(DistributedNetwork network, List<Shard> shards, String split,
            List<String> classes) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        EpochStream stream = EpochStream.evaluation(split, seed).withFit(fit).forTask(StreamTask.CLASSIFY);
        EpochShards planned = EpochShards.plan(spark, shards, stream, 0, conf.batchSizePerWorker() * 4);
        if (planned.samples() == 0) {
            LOG.warn("split '{}' is empty: nothing to evaluate", split);
            return ClassificationMetrics.of(new long[classes.size()][classes.size()], classes);
        }
        SerializableConfiguration hadoop = new SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
        AugmentedShardLoader loader = new AugmentedShardLoader(stream, 0,
                BatchEncoder.classes(new ToTensor(conf.mean(), conf.std()), classes.size()), hadoop,
                StreamCounters.NONE);
        List<String> paths = planned.slices().stream().map(ShardSlice::encode).toList();
        int workers = conf.workers() > 0 ? conf.workers() : sc.defaultParallelism();
        int partitions = Math.min(paths.size(), Math.max(workers, sc.defaultParallelism()));
        return ClassificationMetrics.of(network.evaluate(sc, sc.parallelize(paths, partitions), loader,
                classes.size(), conf.batchSizePerWorker()), classes);
    }
}
