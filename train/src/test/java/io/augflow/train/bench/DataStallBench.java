package io.augflow.train.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.augflow.augment.random.RandomStreams;
import io.augflow.augment.tensor.ToTensor;
import io.augflow.pipeline.dataset.DatasetReader;
import io.augflow.pipeline.stream.DatasetShards;
import io.augflow.pipeline.stream.EpochStream;
import io.augflow.pipeline.stream.Shard;
import io.augflow.train.averaging.ParameterAveraging.AveragingConf;
import io.augflow.train.feed.BatchEncoder;
import io.augflow.train.loss.LossConf;
import io.augflow.train.model.InputShape;
import io.augflow.train.model.ModelConf;
import io.augflow.train.model.ModelFactory;
import io.augflow.train.model.ModelSpec;
import io.augflow.train.optim.OptimizerConf;
import io.augflow.train.spark.TrainConf;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.PartitionPruningRDD;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import scala.Tuple2;

/**
 * The data-stall ratio of issue 5, in one JVM: samples/s of {@link io.augflow.train.spark.SparkTrainer} on the streamed, augmented feed
 * against samples/s of the same network, batch, workers and parameter-averaging settings on the same rows
 * pre-decoded once into in-memory {@code DataSet}s, without augmentation.
 *
 * <p>Fairness: the in-memory baseline uses augflow's round structure. The train split is cut into the same slices
 * (at most one minibatch each, {@link InMemorySlices}), one {@code DataSet} per slice, and grouped into rounds of
 * {@code workers x averaging-frequency} DataSets, as {@code SparkTrainer.rounds} does. The DataSets sit in one RDD
 * cached {@code MEMORY_ONLY} (deserialised objects, so no decoding or deserialisation per round) with
 * {@code workers} partitions per round; each round fits the round's partitions
 * ({@code PartitionPruningRDD}) through {@code SparkDl4jMultiLayer.fit(JavaRDD<DataSet>)} with a
 * {@code ParameterAveragingTrainingMaster} built like SparkTrainer's. So both sides pay the same Spark jobs,
 * broadcasts and averaging per round; what differs is the data path (Parquet read + PNG decode + augment +
 * normalise on the worker, overlapped by prefetch, versus cached arrays). Both rates count only the rounds.
 * An accumulator checks that every sample of every epoch was pulled (twice per round: DL4J counts the round's
 * RDD, then trains on it).
 *
 * <p>{@code --in-memory-trainer augflow} trains the in-memory side on augflow's own averaging rounds instead
 * ({@link InMemoryRoundsRun}), as the streamed side has done since issue 11 (DL4J's master rebuilds its networks every
 * round, which the streamed side no longer pays); the default {@code dl4j} is the path the recorded figures used.
 *
 * <p>The streamed and in-memory runs alternate ({@code --repeats}), each from a fresh network, so load from other
 * processes hits both alike. Prints one line {@code RESULT <json>}.
 *
 * <p>Usage: {@code DataStallBench --dataset DIR --conf FILE --defaults conf/augflow.conf [--epochs 2]
 * [--repeats 2] [--master local[2]] [--work DIR] [--probe DIR] [--in-memory-trainer dl4j|augflow]}
 */
public final class DataStallBench {

    private DataStallBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = BenchArgs.parse(args, Map.of("--defaults", "conf/augflow.conf", "--epochs", "2",
                "--repeats", "2", "--master", "local[2]", "--in-memory-trainer", "dl4j", "--probe", "",
                "--work", System.getProperty("java.io.tmpdir") + "/augflow-data-stall"), "--dataset", "--conf");
        String dataset = o.get("--dataset");
        Config root = BenchSession.config(o.get("--conf"), o.get("--defaults"), Integer.parseInt(o.get("--epochs")));
        boolean augflowRounds = switch (o.get("--in-memory-trainer")) {
            case "dl4j" -> false;
            case "augflow" -> true;
            default -> throw new IllegalArgumentException("--in-memory-trainer must be dl4j or augflow, got "
                    + o.get("--in-memory-trainer"));
        };
        SparkSession spark = BenchSession.start(o.get("--master"), "data-stall-bench");
        try {
            Map<String, Object> result = run(spark, root, dataset, Integer.parseInt(o.get("--repeats")),
                    o.get("--work"), augflowRounds);
            Map<String, Object> reads = new LinkedHashMap<>();
            int rowsPerShard = TrainConf.fromRoot(root).rowsPerShard();
            reads.put(dataset, shardReadCost(spark, dataset, rowsPerShard));
            String probe = o.get("--probe");
            if (!probe.isBlank()) {
                reads.put(probe, shardReadCost(spark, probe, rowsPerShard));
            }
            result.put("shardReadMillis", reads);
            System.out.println("RESULT " + new ObjectMapper().writeValueAsString(result));
        } finally {
            spark.stop();
        }
    }

    static Map<String, Object> run(SparkSession spark, Config root, String dataset, int repeats, String work,
            boolean augflowRounds) throws Exception {
        TrainConf conf = TrainConf.fromRoot(root);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int workers = conf.workers() > 0 ? conf.workers() : sc.defaultParallelism();
        long seed = root.getLong("seed");
        List<String> classes = DatasetReader.readMetadata(spark, dataset).classes();

        long loadStart = System.nanoTime();
        LinkedHashMap<String, DataSet> slices = InMemorySlices.decode(spark,
                DatasetShards.list(spark, dataset, conf.rowsPerShard()), EpochStream.evaluation("train", seed),
                conf.batchSizePerWorker(), BatchEncoder.classes(new ToTensor(conf.mean(), conf.std()), classes.size()));
        int perRound = workers * conf.averagingFrequency();
        List<List<DataSet>> rounds = InMemorySlices.rounds(slices.keySet(), perRound).stream()
                .map(keys -> keys.stream().map(slices::get).toList()).toList();
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        long samplesPerEpoch = InMemorySlices.samples(slices);

        List<Map<String, Object>> runs = new ArrayList<>();
        if (augflowRounds) {
            AveragingConf averaging = new AveragingConf(workers, conf.batchSizePerWorker(), conf.averagingFrequency(),
                    conf.prefetchBatches(), conf.averageUpdaters(), conf.roundTimeout());
            try (InMemoryRoundsRun inMemory = new InMemoryRoundsRun(sc, slices, perRound)) {
                for (int r = 0; r < repeats; r++) {
                    runs.add(inMemory.train(network(root, rounds.get(0).get(0)), averaging, conf.epochs(), r));
                    runs.add(StreamedRun.train(spark, root, dataset, work + "/streamed-" + r, r));
                }
            }
        } else {
            JavaRDD<DataSet> cached = cache(sc, rounds, workers);
            for (int r = 0; r < repeats; r++) {
                runs.add(inMemory(sc, root, cached, rounds.size(), workers, conf, samplesPerEpoch, r));
                runs.add(StreamedRun.train(spark, root, dataset, work + "/streamed-" + r, r));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        BenchSession.putTrainingSettings(out, workers, conf);
        out.put("samplesPerEpoch", samplesPerEpoch);
        out.put("roundsPerEpochInMemory", rounds.size());
        out.put("inMemoryLoadSeconds", loadSeconds);
        out.put("inMemoryTrainer", augflowRounds ? "augflow averaging rounds (ParameterAveraging)"
                : "DL4J ParameterAveragingTrainingMaster");
        out.put("runs", runs);
        return out;
    }

    /** A fresh network of the bench's model for minibatches shaped like {@code sample}. */
    private static MultiLayerNetwork network(Config root, DataSet sample) {
        long[] shape = sample.getFeatures().shape();
        InputShape input = new InputShape((int) shape[1], (int) shape[2], (int) shape[3]);
        int classes = (int) sample.getLabels().size(1);
        ModelSpec spec = ModelFactory.build(ModelConf.fromRoot(root), input, classes,
                OptimizerConf.fromRoot(root).toUpdater(), LossConf.fromRoot(root).toLossFunction(classes));
        return (MultiLayerNetwork) spec.newNetwork();
    }

    /**
     * One RDD, {@code workers} partitions per round: round {@code r}'s DataSet {@code i} goes to partition
     * {@code r * workers + i % workers}, so a worker gets at most {@code averaging-frequency} of them, as in SparkTrainer.
     */
    private static JavaRDD<DataSet> cache(JavaSparkContext sc, List<List<DataSet>> rounds, int workers) {
        List<Tuple2<Integer, DataSet>> keyed = new ArrayList<>();
        for (int r = 0; r < rounds.size(); r++) {
            List<DataSet> round = rounds.get(r);
            for (int i = 0; i < round.size(); i++) {
                keyed.add(new Tuple2<>(r * workers + i % workers, round.get(i)));
            }
        }
        JavaRDD<DataSet> rdd = sc.parallelizePairs(keyed, Math.max(1, sc.defaultParallelism()))
                .partitionBy(new HashPartitioner(rounds.size() * workers)).values()
                .persist(StorageLevel.MEMORY_ONLY());
        rdd.count();
        return rdd;
    }

    private static Map<String, Object> inMemory(JavaSparkContext sc, Config root, JavaRDD<DataSet> cached,
            int rounds, int workers, TrainConf conf, long samplesPerEpoch, int repeat) {
        MultiLayerNetwork net = network(root, cached.first());
        long seed = root.getLong("seed");
        List<Map<String, Object>> epochs = new ArrayList<>();
        double totalSeconds = 0;
        long totalSamples = 0;
        double score = Double.NaN;
        for (int epoch = 0; epoch < conf.epochs(); epoch++) {
            LongAccumulator pulled = sc.sc().longAccumulator("in-memory samples, epoch " + epoch);
            ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(workers,
                    conf.batchSizePerWorker())
                    .batchSizePerWorker(conf.batchSizePerWorker())
                    .averagingFrequency(conf.averagingFrequency())
                    .workerPrefetchNumBatches(conf.prefetchBatches())
                    .saveUpdater(conf.averageUpdaters())
                    .repartionData(Repartition.Never)
                    .rddTrainingApproach(RDDTrainingApproach.Direct)
                    .storageLevel(null)
                    .rngSeed(RandomStreams.mix(seed ^ epoch))
                    .build();
            long start = System.nanoTime();
            for (int r = 0; r < rounds; r++) {
                final int round = r;
                JavaRDD<DataSet> part = JavaRDD.fromRDD(PartitionPruningRDD.create(cached.rdd(),
                        new RoundPartitions(round, workers)), cached.classTag())
                        .map(ds -> {
                            pulled.add(ds.numExamples());
                            return ds;
                        });
                SparkDl4jMultiLayer trainer = new SparkDl4jMultiLayer(sc, net, master);
                net = trainer.fit(part);
                score = trainer.getScore();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            // each round's RDD is iterated twice: DL4J's count() job, then the training job
            if (pulled.value() != 2 * samplesPerEpoch) {
                throw new IllegalStateException("in-memory epoch " + epoch + ": the count and training jobs pulled "
                        + pulled.value() + " samples, expected 2 x " + samplesPerEpoch);
            }
            totalSeconds += seconds;
            totalSamples += samplesPerEpoch;
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("epoch", epoch);
            e.put("samples", samplesPerEpoch);
            e.put("samplesPulledByCountAndTrainingJobs", pulled.value());
            e.put("seconds", seconds);
            e.put("samplesPerSecond", samplesPerEpoch / seconds);
            e.put("loss", score);
            epochs.add(e);
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("feed", "in-memory");
        run.put("repeat", repeat);
        run.put("samplesPerSecond", totalSamples / totalSeconds);
        run.put("epochs", epochs);
        return run;
    }

    /**
     * What reading one shard costs at the start and at the end of the largest row group (median of 5 reads each,
     * image bytes included): {@code ShardReader} reads the whole row group and skips to the shard's first row, so
     * the cost of a shard grows with the row group, not with the shard.
     */
    static Map<String, Object> shardReadCost(SparkSession spark, String dataset, int rowsPerShard) {
        List<Shard> shards = DatasetShards.list(spark, dataset, rowsPerShard);
        DatasetShards.RowGroup largest = DatasetShards.rowGroups(spark, dataset).stream()
                .max(java.util.Comparator.comparingLong(DatasetShards.RowGroup::rows)).orElseThrow();
        List<Shard> inGroup = shards.stream().filter(s -> s.file().equals(largest.file())
                && s.rowGroup() == largest.index()).toList();
        var hadoop = spark.sparkContext().hadoopConfiguration();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rowGroupRows", largest.rows());
        out.put("shardRows", rowsPerShard);
        out.put("firstShard", medianReadMillis(inGroup.get(0), hadoop));
        out.put("lastShard", medianReadMillis(inGroup.get(inGroup.size() - 1), hadoop));
        return out;
    }

    private static double medianReadMillis(Shard shard, org.apache.hadoop.conf.Configuration hadoop) {
        double[] ms = new double[5];
        for (int i = 0; i < ms.length; i++) {
            long t = System.nanoTime();
            io.augflow.pipeline.stream.ShardReader.read(shard, hadoop);
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        java.util.Arrays.sort(ms);
        return ms[ms.length / 2];
    }

    /** Keeps the {@code workers} partitions of one round (driver-side filter of PartitionPruningRDD). */
    private static final class RoundPartitions extends scala.runtime.AbstractFunction1<Object, Object>
            implements java.io.Serializable {
        private final int round;
        private final int workers;

        RoundPartitions(int round, int workers) {
            this.round = round;
            this.workers = workers;
        }

        @Override
        public Object apply(Object partition) {
            return (Integer) partition / workers == round;
        }
    }
}
