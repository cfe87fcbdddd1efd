package io.augflow.train.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import io.augflow.augment.Sample;
import io.augflow.augment.random.RandomStreams;
import io.augflow.augment.tensor.ToTensor;
import io.augflow.augment.transform.AugmentConf;
import io.augflow.pipeline.dataset.CorruptFilePolicy;
import io.augflow.pipeline.dataset.DatasetFiles;
import io.augflow.pipeline.dataset.DatasetMetadata;
import io.augflow.pipeline.dataset.DatasetReader;
import io.augflow.pipeline.dataset.DatasetSchema;
import io.augflow.pipeline.dataset.SampleRows;
import io.augflow.pipeline.output.OutputPreflight;
import io.augflow.pipeline.output.OutputWriteException;
import io.augflow.pipeline.plan.ClassWeighting;
import io.augflow.pipeline.plan.ClassWeights;
import io.augflow.pipeline.plan.PlanConf;
import io.augflow.pipeline.plan.SamplingPlan;
import io.augflow.pipeline.plan.SamplingPlanner;
import io.augflow.pipeline.stats.DatasetStatistics;
import io.augflow.pipeline.stats.DatasetStats;
import io.augflow.pipeline.stats.StatsConf;
import io.augflow.pipeline.donor.CopyPasteBanks;
import io.augflow.pipeline.donor.DonorBankBuilder;
import io.augflow.pipeline.donor.DonorConf;
import io.augflow.pipeline.donor.DonorPatches;
import io.augflow.pipeline.stream.DatasetShards;
import io.augflow.pipeline.stream.DonorSource;
import io.augflow.pipeline.stream.EpochShards;
import io.augflow.pipeline.stream.EpochStream;
import io.augflow.pipeline.stream.PlannedRepeats;
import io.augflow.pipeline.stream.Shard;
import io.augflow.pipeline.stream.ShardSlice;
import io.augflow.pipeline.stream.StreamCounters;
import io.augflow.train.checkpoint.CheckpointStore;
import io.augflow.train.eval.ClassificationMetrics;
import io.augflow.train.feed.AugmentedShardLoader;
import io.augflow.train.loss.LossConf;
import io.augflow.train.loss.LossType;
import io.augflow.train.model.InputShape;
import io.augflow.train.model.ModelConf;
import io.augflow.train.model.ModelFactory;
import io.augflow.train.model.ModelSpec;
import io.augflow.train.optim.OptimizerConf;
import io.augflow.train.summary.ModelSummary;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a classifier on an augflow dataset with DL4J parameter averaging. Per epoch: fit the epoch's
 * sampling quota, count its shards (no images read), stream the shards through DL4J's {@code fitPaths}
 * (each executor reads, augments and normalises its shards; nothing augmented is stored), evaluate on
 * the validation split without augmentation, and checkpoint. The driver only handles shard names,
 * counts and the model's parameters.
 *
 * <p>Outputs under {@code outputDir}: {@code model.zip} (DL4J, with updater state), {@code model.json}
 * ({@link TrainResult}: history, test metrics, provenance) and {@code checkpoints/}.
 */
public final class SparkTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(SparkTrainer.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    public static final String MODEL_FILE = "model.zip";
    public static final String RESULT_FILE = "model.json";
    public static final String CHECKPOINTS = "checkpoints";
    /** The per-epoch history, in the output folder and in every checkpoint. */
    public static final String HISTORY_FILE = "history.json";
    /** Per-epoch phase timings of the averaging rounds ({@code train.collect-stats}). */
    public static final String STATS_FILE = "training-stats.json";

    private final SparkSession spark;
    private final Config root;
    private final TrainConf conf;
    private final long seed;
    private final Optional<TrainedModel> warmStart;

    /** @param root the resolved {@code augflow} block (train, model, optimizer, loss, augment, stats, balance) */
    public SparkTrainer(SparkSession spark, Config root) {
        this(spark, root, Optional.empty());
    }

    private SparkTrainer(SparkSession spark, Config root, Optional<TrainedModel> warmStart) {
        this.spark = spark;
        this.root = root;
        this.conf = TrainConf.fromRoot(root);
        this.seed = root.hasPath("seed") ? root.getLong("seed") : 42;
        this.warmStart = warmStart;
    }

    /**
     * The same trainer, but a run that does not resume from a checkpoint starts from {@code model}'s weights
     * instead of a fresh initialisation ({@link WarmStart}: same architecture, input and classes required).
     */
    public SparkTrainer warmStartFrom(TrainedModel model) {
        return new SparkTrainer(spark, root, Optional.of(model));
    }

    /**
     * Checks every training block of {@code root} without Spark, so a bad value fails before any job starts
     * (with the key, the value and the rule in the message).
     */
    public static void validate(Config root) {
        TrainConf conf = TrainConf.fromRoot(root);
        ModelConf.fromRoot(root);
        OptimizerConf.fromRoot(root).toUpdater();
        LossConf.fromRoot(root);
        new ToTensor(conf.mean(), conf.std());
        if (root.hasPath(AugmentConf.PATH)) {
            AugmentConf.fromRoot(root);
        }
        if (root.hasPath("balance")) {
            PlanConf.from(root.getConfig("balance"));
        }
        if (root.hasPath("stats")) {
            StatsConf.from(root.getConfig("stats"));
        }
        CorruptFilePolicy.fromRoot(root);
    }

    public TrainResult train(String datasetPath, String outputDir, boolean resume, EpochListener listener) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        OutputPreflight.checkWritableFolder(outputDir, hadoop);
        if (conf.collectStats()) {
            StatsClock.useSystemClockHere();
        }
        DatasetMetadata metadata = DatasetReader.readMetadata(spark, datasetPath);
        List<String> classes = metadata.classes();
        DatasetFiles files = DatasetReader.open(spark, datasetPath, CorruptFilePolicy.fromRoot(root));
        Dataset<Row> rows = DatasetReader.read(spark, files);
        Dataset<Row> trainRows = rows.filter(rows.col(DatasetSchema.SPLIT).equalTo("train"));

        StatsConf statsConf = root.hasPath("stats") ? StatsConf.from(root.getConfig("stats")) : StatsConf.defaults();
        PlanConf planConf = root.hasPath("balance") ? PlanConf.from(root.getConfig("balance")) : PlanConf.defaults();
        DatasetStats stats = DatasetStatistics.compute(trainRows, statsConf, classes.size());
        SamplingPlan plan = SamplingPlanner.fit(stats, planConf);
        LOG.info("train: {} training rows in {} classes, imbalance {}, plan {}", stats.images(),
                classes.size(), String.format("%.1f", stats.imbalanceRatio()), plan.strategy().key());

        String augmentHocon = augmentBlock();
        InputShape input = probeInputShape(trainRows, augmentHocon, conf.inputHocon());
        DonorSource donors = donorSource(sc, trainRows, augmentHocon, classes.size());
        LossConf lossConf = LossConf.fromRoot(root);
        if (lossConf.type() == LossType.WEIGHTED_CROSS_ENTROPY && lossConf.classWeights().isEmpty()) {
            ClassWeighting method = planConf.classWeights() == ClassWeighting.NONE
                    ? ClassWeighting.INVERSE_FREQUENCY : planConf.classWeights();
            lossConf = lossConf.withClassWeights(ClassWeights.fit(stats, method).toArray(classes.size()));
        }
        ModelConf modelConf = ModelConf.fromRoot(root);
        ModelSpec spec = ModelFactory.build(modelConf, input, classes.size(), OptimizerConf.fromRoot(root).toUpdater(),
                lossConf.toLossFunction(classes.size()));

        String configHash = sha256(root.root().render(ConfigRenderOptions.concise()));
        CheckpointStore checkpoints = new CheckpointStore(new Path(outputDir, CHECKPOINTS).toString(), hadoop);
        DistributedNetwork network;
        int firstEpoch = 0;
        if (resume) {
            checkpoints.discardIncomplete(); // what a killed run was writing; ignored by latestGood() either way
        } else {
            checkpoints.discardAll(); // an earlier run's: a later --resume must not pick them up
        }
        Optional<CheckpointStore.Checkpoint> checkpoint = resume ? checkpoints.latestGood() : Optional.empty();
        if (checkpoint.isPresent()) {
            network = restore(checkpoint.get().modelPath(), spec.isGraph(), hadoop);
            firstEpoch = checkpoint.get().info().epoch() + 1;
            if (!checkpoint.get().info().configHash().equals(configHash)) {
                LOG.warn("resuming from a checkpoint written with another configuration ({} vs {})",
                        checkpoint.get().info().configHash(), configHash);
            }
            LOG.info("resuming after epoch {} from {}", firstEpoch - 1, checkpoint.get().modelPath());
        } else {
            if (resume) {
                LOG.warn("--resume: no usable checkpoint in {}, starting from {}", checkpoints,
                        warmStart.map(TrainedModel::modelPath).orElse("scratch"));
            }
            if (warmStart.isPresent()) {
                network = WarmStart.from(warmStart.get(), spec, modelConf.architecture().key(), classes, hadoop);
                LOG.info("warm start from {}", warmStart.get().modelPath());
            } else {
                network = DistributedNetwork.of((org.deeplearning4j.nn.api.Model) spec.newNetwork());
            }
        }

        List<Shard> shards = DatasetShards.list(files, conf.rowsPerShard());
        ToTensor toTensor = new ToTensor(conf.mean(), conf.std());
        SplitEvaluator evaluator = new SplitEvaluator(spark, conf, seed);
        SerializableConfiguration shippedHadoop = new SerializableConfiguration(hadoop);
        List<EpochRecord> history = new ArrayList<>(readHistory(checkpoint, outputDir, hadoop, firstEpoch));
        List<EpochPhaseStats> phaseStats = new ArrayList<>();
        for (int epoch = firstEpoch; epoch < conf.epochs(); epoch++) {
            EpochStream stream = EpochStream.training(augmentHocon, conf.inputHocon(), seed,
                    PlannedRepeats.forEpoch(plan, trainRows, epoch)).withDonors(donors);
            EpochShards planned = EpochShards.plan(spark, shuffled(shards, epoch), stream, epoch,
                    conf.batchSizePerWorker());
            List<List<String>> rounds = rounds(planned);
            listener.epochStarted(epoch, conf.epochs(), planned.samples(), rounds.size());

            StreamCounters counters = StreamCounters.register(spark.sparkContext(), "epoch" + epoch);
            AugmentedShardLoader loader = new AugmentedShardLoader(stream, epoch, toTensor, classes.size(),
                    shippedHadoop, counters);
            TrainingMaster<?, ?> master = trainingMaster(epoch);
            long start = System.nanoTime();
            double lossSum = 0;
            for (List<String> round : rounds) {
                network.fit(sc, master, sc.parallelize(round, Math.min(round.size(), workers())), loader);
                lossSum += network.lastScore();
                listener.roundFinished(epoch);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (conf.collectStats()) {
                phaseStats.add(EpochPhaseStats.of(epoch, rounds.size(), Math.round(seconds * 1000),
                        master.getTrainingStats()));
                writeJson(new Path(outputDir, STATS_FILE), phaseStats, hadoop);
            }
            if (counters.samplesEmitted() != planned.samples()) {
                throw new IllegalStateException("epoch " + epoch + " planned " + planned.samples()
                        + " samples but the stream emitted " + counters.samplesEmitted());
            }
            ClassificationMetrics validation = conf.evaluateSplit().isBlank() ? null
                    : evaluator.evaluate(network, shards, conf.evaluateSplit(), classes);
            EpochRecord record = new EpochRecord(epoch, planned.samples(), counters.rowsDecoded(),
                    planned.slices().size(), lossSum / Math.max(1, rounds.size()), seconds, planned.samples() / seconds,
                    validation);
            history.add(record);
            List<EpochRecord> sofar = List.copyOf(history);
            checkpoints.save(epoch, seed, configHash, out -> network.save(out, true),
                    Map.of(HISTORY_FILE, out -> JSON.writeValue(out, sofar)));
            writeJson(new Path(outputDir, HISTORY_FILE), history, hadoop);
            listener.epochFinished(record);
        }
        ClassificationMetrics test = conf.testSplit().isBlank() ? null
                : evaluator.evaluate(network, shards, conf.testSplit(), classes);
        writeModel(new Path(outputDir, MODEL_FILE), network, hadoop);
        TrainResult result = new TrainResult(new Path(outputDir, MODEL_FILE).toString(),
                modelConf.architecture().key(), classes, new int[] {input.channels(), input.height(), input.width()},
                conf.epochs(), firstEpoch, history, test, ModelSummary.of(spec),
                provenance(datasetPath, stats, configHash, files, donors));
        writeJson(new Path(outputDir, RESULT_FILE), result, hadoop);
        return result;
    }

    /**
     * The epoch's averaging rounds: {@code workers x averaging-frequency} slices each, a slice being at most
     * one minibatch. DL4J gives a worker at most {@code averagingFrequency} minibatches per round and silently
     * drops the rest ({@code WorkerConfiguration.maxBatchesPerWorker}), so rounds are cut here, never by DL4J:
     * every planned sample is trained on. Slices of a shard stay adjacent, so a worker reads each shard once.
     */
    private List<List<String>> rounds(EpochShards planned) {
        int perRound = workers() * conf.averagingFrequency();
        List<List<String>> rounds = new ArrayList<>();
        List<ShardSlice> slices = planned.slices();
        for (int i = 0; i < slices.size(); i += perRound) {
            rounds.add(slices.subList(i, Math.min(slices.size(), i + perRound)).stream()
                    .map(ShardSlice::encode).toList());
        }
        return rounds;
    }

    /**
     * DL4J's parameter averaging for one round: every path is one slice of at most a minibatch, so one round
     * of {@code workers x averagingFrequency} paths is exactly one DL4J split, trained without repartitioning.
     */
    private TrainingMaster<?, ?> trainingMaster(int epoch) {
        return new ParameterAveragingTrainingMaster.Builder(workers(), conf.batchSizePerWorker())
                .batchSizePerWorker(conf.batchSizePerWorker())
                .averagingFrequency(conf.averagingFrequency())
                .workerPrefetchNumBatches(conf.prefetchBatches())
                .saveUpdater(conf.averageUpdaters())
                .repartionData(Repartition.Never)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .storageLevelStreams(null)
                .rngSeed(RandomStreams.mix(seed ^ epoch))
                .collectTrainingStats(conf.collectStats())
                .build();
    }

    private int workers() {
        return conf.workers() > 0 ? conf.workers() : spark.sparkContext().defaultParallelism();
    }

    /** The shards in a seeded random order for the epoch, so workers see a different mix each epoch. */
    private List<Shard> shuffled(List<Shard> shards, int epoch) {
        List<Shard> order = new ArrayList<>(shards);
        SplittableRandom rng = new SplittableRandom(RandomStreams.mix(seed ^ (31L * epoch + 7)));
        for (int i = order.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            Shard tmp = order.get(i);
            order.set(i, order.get(j));
            order.set(j, tmp);
        }
        return order;
    }

    /** The augment block as HOCON for the executors; empty when no pipeline is configured. */
    private String augmentBlock() {
        if (!root.hasPath(AugmentConf.PATH)) {
            return "";
        }
        Config block = ConfigFactory.empty().withValue(AugmentConf.PATH, root.getValue(AugmentConf.PATH));
        return block.root().render(ConfigRenderOptions.concise());
    }

    /**
     * The donor bank of the augment block's copy-paste transforms: built once per run from the training split on
     * the executors (bounded per class), broadcast, decoded once per executor. None when no copy-paste draws from
     * a bank.
     */
    private DonorSource donorSource(JavaSparkContext sc, Dataset<Row> trainRows, String augmentHocon,
            int classCount) {
        if (augmentHocon.isBlank()) {
            return DonorSource.none();
        }
        OptionalDouble smallArea = CopyPasteBanks.bankSmallArea(AugmentConf.parse(augmentHocon).compose());
        if (smallArea.isEmpty()) {
            return DonorSource.none();
        }
        DonorPatches patches = new DonorBankBuilder(new DonorConf(conf.donorsPerClass(), smallArea.getAsDouble(),
                seed)).buildPatches(trainRows, classCount);
        LOG.info("train: copy-paste donor bank of {} small objects (at most {} per class)", patches.size(),
                conf.donorsPerClass());
        return DonorSource.broadcast(sc.broadcast(patches));
    }

    /** The network input: one training row through the augment and input pipelines (which may resize or crop). */
    private InputShape probeInputShape(Dataset<Row> trainRows, String augmentHocon, String inputHocon) {
        List<Row> first = trainRows.limit(1).collectAsList();
        if (first.isEmpty()) {
            throw new IllegalArgumentException("the dataset has no rows in split 'train': nothing to train on");
        }
        Sample sample = SampleRows.decode(first.get(0));
        for (String hocon : List.of(augmentHocon, inputHocon)) {
            if (!hocon.isBlank()) {
                sample = AugmentConf.parse(hocon).compose().apply(sample, RandomStreams.forSample(seed, 0, sample.id(), 0));
            }
        }
        return new InputShape(sample.channels(), sample.height(), sample.width());
    }

    private Map<String, Object> provenance(String datasetPath, DatasetStats stats, String configHash,
            DatasetFiles files, DonorSource donors) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("dataset", datasetPath);
        p.put("trainRows", stats.images());
        // corrupt part files left out (input.on-corrupt-file = skip): their rows are unknown and not in trainRows
        p.put("skippedFiles", files.skippedProvenance());
        p.put("copyPasteDonors", donors.size());
        p.put("seed", seed);
        p.put("configHash", configHash);
        p.put("warmStart", warmStart.map(TrainedModel::modelPath).orElse("scratch"));
        p.put("config", root.root().render(ConfigRenderOptions.concise()));
        p.put("created", Instant.now().toString());
        return p;
    }

    private static DistributedNetwork restore(String modelPath, boolean graph, Configuration hadoop) {
        Path path = new Path(modelPath);
        try (InputStream in = path.getFileSystem(hadoop).open(path)) {
            return DistributedNetwork.restore(in, graph);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore the checkpoint " + modelPath, e);
        }
    }

    /**
     * The history of the epochs before {@code epochsDone}: from the checkpoint resumed from (written with it, so
     * they agree even when a run was killed between writes), else from the output folder's {@code history.json}.
     */
    private static List<EpochRecord> readHistory(Optional<CheckpointStore.Checkpoint> checkpoint, String outputDir,
            Configuration hadoop, int epochsDone) {
        if (checkpoint.isPresent()) {
            Path path = new Path(checkpoint.get().sideFile(HISTORY_FILE));
            try {
                FileSystem fs = path.getFileSystem(hadoop);
                if (fs.exists(path)) {
                    try (InputStream in = fs.open(path)) {
                        EpochRecord[] records = JSON.readValue(in, EpochRecord[].class);
                        return List.of(records).stream().filter(r -> r.epoch() < epochsDone).toList();
                    }
                }
            } catch (IOException e) {
                LOG.warn("cannot read the history saved with the checkpoint, {}: {}", path, e.toString());
            }
        }
        return readHistory(outputDir, hadoop, epochsDone);
    }

    private static List<EpochRecord> readHistory(String outputDir, Configuration hadoop, int epochsDone) {
        Path path = new Path(outputDir, HISTORY_FILE);
        try {
            FileSystem fs = path.getFileSystem(hadoop);
            if (epochsDone == 0 || !fs.exists(path)) {
                return List.of();
            }
            try (InputStream in = fs.open(path)) {
                EpochRecord[] records = JSON.readValue(in, EpochRecord[].class);
                return List.of(records).stream().filter(r -> r.epoch() < epochsDone).toList();
            }
        } catch (IOException e) {
            LOG.warn("cannot read the earlier history {}: {}", path, e.toString());
            return List.of();
        }
    }

    private static void writeModel(Path path, DistributedNetwork network, Configuration hadoop) {
        replace(path, out -> network.save(out, true), hadoop);
    }

    private static void writeJson(Path path, Object value, Configuration hadoop) {
        replace(path, out -> JSON.writeValue(out, value), hadoop);
    }

    /**
     * Writes a hidden sibling, then renames it over {@code path}: a reader sees the old file or the new one, never
     * half of one. When the write fails (e.g. no space left), the sibling is removed and the old file is kept.
     */
    private static void replace(Path path, CheckpointStore.ModelWriter writer, Configuration hadoop) {
        Path tmp = new Path(path.getParent(), "." + path.getName() + ".tmp");
        FileSystem fs = null;
        try {
            fs = path.getFileSystem(hadoop);
            try (OutputStream out = fs.create(tmp, true)) {
                writer.write(out);
            }
            fs.delete(path, false);
            if (!fs.rename(tmp, path)) {
                throw new IOException("rename " + tmp + " -> " + path + " failed");
            }
        } catch (IOException e) {
            if (fs != null) {
                try {
                    fs.delete(tmp, false);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw OutputWriteException.of(path.toString(), e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
