package io.augflow.train.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.augflow.augment.tensor.ToTensor;
import io.augflow.pipeline.dataset.DatasetReader;
import io.augflow.pipeline.stream.DatasetShards;
import io.augflow.pipeline.stream.EpochShards;
import io.augflow.pipeline.stream.EpochStream;
import io.augflow.pipeline.stream.Shard;
import io.augflow.pipeline.stream.ShardSlice;
import io.augflow.pipeline.stream.StreamCounters;
import io.augflow.train.backend.CpuBackend;
import io.augflow.train.backend.CpuLaunchSettings;
import io.augflow.train.feed.SampleBatch;
import io.augflow.train.loss.LossConf;
import io.augflow.train.model.InputShape;
import io.augflow.train.model.ModelConf;
import io.augflow.train.model.ModelFactory;
import io.augflow.train.model.ModelSpec;
import io.augflow.train.optim.OptimizerConf;
import io.augflow.augment.random.RandomStreams;
import io.augflow.train.spark.EpochListener;
import io.augflow.train.spark.EpochRecord;
import io.augflow.train.spark.SparkTrainer;
import io.augflow.train.spark.TrainConf;
import io.augflow.train.spark.TrainResult;
import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.PartitionPruningRDD;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import scala.Tuple2;

/**
 * The data-stall ratio of issue 5, in one JVM: samples/s of {@link SparkTrainer} on the streamed, augmented feed
 * against samples/s of the same network, batch, workers and parameter-averaging settings on the same rows
 * pre-decoded once into in-memory {@code DataSet}s, without augmentation.
 *
 * <p>Fairness: the in-memory baseline uses augflow's round structure. The train split is cut into the same slices
 * (at most one minibatch each, {@link EpochShards}), one {@code DataSet} per slice, and grouped into rounds of
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
 * <p>The streamed and in-memory runs alternate ({@code --repeats}), each from a fresh network, so load from other
 * processes hits both alike. Prints one line {@code RESULT <json>}.
 *
 * <p>Usage: {@code DataStallBench --dataset DIR --conf FILE --defaults conf/augflow.conf [--epochs 2]
 * [--repeats 2] [--master local[2]] [--work DIR]}
 */
public final class DataStallBench {

    private DataStallBench() {}

    public static void main(String[] args) throws Exception {
        String dataset = null;
        String confFile = null;
        String defaults = "conf/augflow.conf";
        int epochs = 2;
        int repeats = 2;
        String master = "local[2]";
        String work = System.getProperty("java.io.tmpdir") + "/augflow-data-stall";
        String probe = null;
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--dataset" -> dataset = v;
                case "--conf" -> confFile = v;
                case "--defaults" -> defaults = v;
                case "--epochs" -> epochs = Integer.parseInt(v);
                case "--repeats" -> repeats = Integer.parseInt(v);
                case "--master" -> master = v;
                case "--work" -> work = v;
                case "--probe" -> probe = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (dataset == null || confFile == null) {
            throw new IllegalArgumentException("--dataset and --conf are required");
        }
        Config root = ConfigFactory.parseFile(new File(confFile))
                .withFallback(ConfigFactory.parseFile(new File(defaults))).resolve().getConfig("augflow")
                .withValue("train.epochs", ConfigValueFactory.fromAnyRef(epochs))
                .withValue("train.evaluate-split", ConfigValueFactory.fromAnyRef(""))
                .withValue("train.test-split", ConfigValueFactory.fromAnyRef(""));
        io.augflow.train.spark.TrainingConf.from(root);
        CpuBackend.configureFromSystemProperties();
        CpuBackend.tuneNd4j();
        SparkConf sparkConf = new SparkConf().setMaster(master).setAppName("data-stall-bench")
                .set("spark.ui.enabled", "false").set("spark.ui.showConsoleProgress", "false")
                .set("spark.sql.shuffle.partitions", "4").set("spark.locality.wait", "0");
        CpuLaunchSettings.defaults(1).applyTo(sparkConf);
        SparkSession spark = SparkSession.builder().config(sparkConf).getOrCreate();
        try {
            Map<String, Object> result = run(spark, root, dataset, repeats, work);
            Map<String, Object> reads = new LinkedHashMap<>();
            reads.put(dataset, shardReadCost(spark, dataset, TrainConf.fromRoot(root).rowsPerShard()));
            if (probe != null) {
                reads.put(probe, shardReadCost(spark, probe, TrainConf.fromRoot(root).rowsPerShard()));
            }
            result.put("shardReadMillis", reads);
            System.out.println("RESULT " + new ObjectMapper().writeValueAsString(result));
        } finally {
            spark.stop();
        }
    }

    static Map<String, Object> run(SparkSession spark, Config root, String dataset, int repeats, String work)
            throws Exception {
        TrainConf conf = TrainConf.fromRoot(root);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int workers = conf.workers() > 0 ? conf.workers() : sc.defaultParallelism();
        long seed = root.getLong("seed");
        List<String> classes = DatasetReader.readMetadata(spark, dataset).classes();

        long loadStart = System.nanoTime();
        List<List<DataSet>> rounds = inMemoryRounds(spark, dataset, conf, workers, seed, classes.size());
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        JavaRDD<DataSet> cached = cache(sc, rounds, workers);
        long samplesPerEpoch = rounds.stream().flatMap(List::stream).mapToLong(DataSet::numExamples).sum();

        List<Map<String, Object>> runs = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            runs.add(inMemory(sc, root, cached, rounds.size(), workers, conf, samplesPerEpoch, r));
            runs.add(streamed(spark, root, dataset, work + "/streamed-" + r, r));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("workers", workers);
        out.put("batchSizePerWorker", conf.batchSizePerWorker());
        out.put("averagingFrequency", conf.averagingFrequency());
        out.put("prefetchBatches", conf.prefetchBatches());
        out.put("averageUpdaters", conf.averageUpdaters());
        out.put("epochsPerRun", conf.epochs());
        out.put("samplesPerEpoch", samplesPerEpoch);
        out.put("roundsPerEpochInMemory", rounds.size());
        out.put("inMemoryLoadSeconds", loadSeconds);
        out.put("runs", runs);
        return out;
    }

    /** The train split in SparkTrainer's slices, decoded once without augmentation, grouped into its rounds. */
    private static List<List<DataSet>> inMemoryRounds(SparkSession spark, String dataset, TrainConf conf,
            int workers, long seed, int classes) {
        List<Shard> shards = DatasetShards.list(spark, dataset, conf.rowsPerShard());
        EpochStream plain = EpochStream.evaluation("train", seed);
        EpochShards planned = EpochShards.plan(spark, shards, plain, 0, conf.batchSizePerWorker());
        ToTensor toTensor = new ToTensor(conf.mean(), conf.std());
        var hadoop = spark.sparkContext().hadoopConfiguration();
        int perRound = workers * conf.averagingFrequency();
        List<List<DataSet>> rounds = new ArrayList<>();
        List<DataSet> round = new ArrayList<>();
        for (ShardSlice slice : planned.slices()) {
            round.add(SampleBatch.of(plain.samples(slice, 0, hadoop, StreamCounters.NONE), toTensor, classes));
            if (round.size() == perRound) {
                rounds.add(round);
                round = new ArrayList<>();
            }
        }
        if (!round.isEmpty()) {
            rounds.add(round);
        }
        return rounds;
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
        DataSet first = cached.first();
        long[] shape = first.getFeatures().shape();
        InputShape input = new InputShape((int) shape[1], (int) shape[2], (int) shape[3]);
        int classes = (int) first.getLabels().size(1);
        ModelSpec spec = ModelFactory.build(ModelConf.fromRoot(root), input, classes,
                OptimizerConf.fromRoot(root).toUpdater(), LossConf.fromRoot(root).toLossFunction(classes));
        MultiLayerNetwork net = (MultiLayerNetwork) spec.newNetwork();
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

    private static Map<String, Object> streamed(SparkSession spark, Config root, String dataset, String output,
            int repeat) throws Exception {
        Files.createDirectories(new File(output).toPath().getParent());
        TrainResult result = new SparkTrainer(spark, io.augflow.train.spark.TrainingConf.from(root)).train(dataset, output, false, EpochListener.NONE);
        List<Map<String, Object>> epochs = new ArrayList<>();
        double totalSeconds = 0;
        long totalSamples = 0;
        for (EpochRecord r : result.history()) {
            totalSeconds += r.seconds();
            totalSamples += r.samples();
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("epoch", r.epoch());
            e.put("samples", r.samples());
            e.put("rowsDecoded", r.rowsDecoded());
            e.put("seconds", r.seconds());
            e.put("samplesPerSecond", r.samplesPerSecond());
            e.put("loss", r.loss());
            epochs.add(e);
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("feed", "streamed+augmented");
        run.put("repeat", repeat);
        run.put("samplesPerSecond", totalSamples / totalSeconds);
        run.put("epochs", epochs);
        return run;
    }
}
