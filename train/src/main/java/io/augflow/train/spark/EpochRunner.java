package io.augflow.train.spark;

import io.augflow.augment.DataException;
import io.augflow.augment.random.RandomStreams;
import io.augflow.augment.tensor.ToTensor;
import io.augflow.pipeline.spark.BoundedJob;
import io.augflow.pipeline.stream.EpochShards;
import io.augflow.pipeline.stream.EpochStream;
import io.augflow.pipeline.stream.PlannedRepeats;
import io.augflow.pipeline.stream.Shard;
import io.augflow.pipeline.stream.ShardSlice;
import io.augflow.pipeline.stream.StreamCounters;
import io.augflow.pipeline.stream.StreamTask;
import io.augflow.train.loss.OutputLayerLoss;
import io.augflow.train.averaging.ParameterAveraging;
import io.augflow.train.averaging.ParameterAveraging.AveragingConf;
import io.augflow.train.feed.AugmentedShardLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the training epochs of one {@link TrainingPlan} on the driver: per epoch, fit the sampling quota, plan the
 * epoch's slices from the shards in a seeded order, cut them into averaging rounds, and run each round
 * ({@link ParameterAveraging}). Owns the rounds and nothing else: evaluation, checkpoints and history belong to the
 * caller.
 *
 * <p>A failure in a round ends the run at once: a bad sample as a {@link DataException} naming the epoch, the round
 * and the sample; anything else with the same context. The network keeps the last epoch's end state only in the
 * checkpoints the caller wrote.
 */
public final class EpochRunner {
    private static final Logger LOG = LoggerFactory.getLogger(EpochRunner.class);
    private final SparkSession spark;
    private final TrainingPlan plan;
    private final DistributedNetwork network;
    private final EpochListener listener;
    private final ParameterAveraging averaging;
    private final SerializableConfiguration hadoop;
    private final ToTensor toTensor;

    public EpochRunner(SparkSession spark, TrainingPlan plan, DistributedNetwork network, EpochListener listener) {
        this.spark = spark;
        this.plan = plan;
        this.network = network;
        this.listener = listener;
        TrainConf conf = plan.conf();
        this.averaging = new ParameterAveraging(JavaSparkContext.fromSparkContext(spark.sparkContext()),
                network.network(), new AveragingConf(workers(), conf.batchSizePerWorker(), conf.averagingFrequency(),
                conf.prefetchBatches(), conf.averageUpdaters(), conf.roundTimeout()));
        this.hadoop = new SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
        this.toTensor = new ToTensor(conf.mean(), conf.std());
    }

    /** What one epoch of training did (validation is the caller's). */
    public record EpochOutcome(long samples, long rowsDecoded, int slices, double loss, double seconds,
            EpochPhaseStats phases, String lossFunction) {}

    public EpochOutcome run(int epoch) {
        TrainConf conf = plan.conf();
        String lossFunction = switchLoss(epoch);
        EpochStream stream = EpochStream.training(plan.augment().orElse(null), plan.seed(),
                        PlannedRepeats.forEpoch(plan.sampling().forEpoch(epoch), plan.trainRows(), epoch))
                .withDonors(plan.donors()).withFit(plan.input().fit()).forTask(plan.task());
        EpochShards planned = BoundedJob.run(spark.sparkContext(), "planning epoch " + epoch, conf.roundTimeout(),
                () -> EpochShards.plan(spark, shuffled(plan.shards(), epoch), stream, epoch,
                        conf.batchSizePerWorker()));
        List<List<String>> rounds = rounds(planned);
        listener.epochStarted(epoch, conf.epochs(), planned.samples(), rounds.size());

        StreamCounters counters = StreamCounters.register(spark.sparkContext(), "epoch" + epoch);
        TargetCounters targets = TargetCounters.register(spark.sparkContext(), "epoch" + epoch);
        AugmentedShardLoader loader = new AugmentedShardLoader(stream, epoch, plan.encoder(toTensor, targets), hadoop,
                counters);
        EpochPhaseStats.Builder phases = new EpochPhaseStats.Builder(epoch);
        long start = System.nanoTime();
        double lossSum = 0;
        for (int r = 0; r < rounds.size(); r++) {
            String what = String.format(Locale.ROOT, "epoch %d, averaging round %d of %d", epoch, r + 1, rounds.size());
            ParameterAveraging.RoundReport report;
            try {
                report = averaging.round(rounds.get(r), loader, epoch, what);
            } catch (RuntimeException e) {
                throw failure(what, e);
            }
            lossSum += report.score();
            phases.add(report.phaseMillis(), report.workers());
            listener.roundFinished(epoch);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (counters.samplesEmitted() != planned.samples()) {
            throw new DataException("epoch " + epoch + " planned " + planned.samples() + " samples but the stream"
                    + " emitted " + counters.samplesEmitted() + ": the dataset " + plan.datasetPath() + " changed while"
                    + " training (rows added or removed); run again on a dataset that stays put");
        }
        plan.head().flatMap(head -> targets.describe(epoch, head.stride())).ifPresent(LOG::info);
        return new EpochOutcome(planned.samples(), counters.rowsDecoded(), planned.slices().size(),
                lossSum / Math.max(1, rounds.size()), seconds, phases.build(Math.round(seconds * 1000)), lossFunction);
    }

    /**
     * Puts the epoch's loss ({@link io.augflow.train.loss.LossSchedule}) on the driver network's output layer and,
     * when it changed (deferred re-weighting, deferred re-sampling's new class counts, or a resumed checkpoint),
     * ships the configuration to the workers again. A detector's loss is its head's and never changes.
     *
     * @return the loss in words, null for a detector
     */
    private String switchLoss(int epoch) {
        if (plan.task() != StreamTask.CLASSIFY) {
            return null;
        }
        if (OutputLayerLoss.replace(network.network(), plan.losses().lossFor(epoch))) {
            averaging.configurationChanged();
            LOG.info("train: epoch {} trains with {}", epoch + 1, plan.losses().describe(epoch));
        }
        return plan.losses().describe(epoch);
    }

    /** Releases what the runner shipped to the executors. */
    public void close() {
        averaging.close();
    }

    /**
     * A round's failure with where it happened: a {@link DataException} anywhere in the cause chain (a sample that
     * cannot be decoded or augmented) stays one, so the CLI reports it as bad data.
     */
    static RuntimeException failure(String where, RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DataException data) {
                return new DataException("training stopped in " + where + ": " + data.getMessage(), e);
            }
        }
        if (e instanceof BoundedJob.JobTimeoutException) {
            return e;
        }
        return new IllegalStateException("training failed in " + where + ": " + BoundedJob.rootMessage(e), e);
    }

    /**
     * The epoch's averaging rounds: {@code workers x averaging-frequency} slices each, a slice being at most
     * one minibatch, so every planned sample is trained on. Slices of a shard stay adjacent, so a worker reads each
     * shard once.
     */
    private List<List<String>> rounds(EpochShards planned) {
        int perRound = workers() * plan.conf().averagingFrequency();
        List<List<String>> rounds = new ArrayList<>();
        List<ShardSlice> slices = planned.slices();
        for (int i = 0; i < slices.size(); i += perRound) {
            rounds.add(slices.subList(i, Math.min(slices.size(), i + perRound)).stream()
                    .map(ShardSlice::encode).toList());
        }
        return rounds;
    }

    private int workers() {
        int configured = plan.conf().workers();
        return configured > 0 ? configured : spark.sparkContext().defaultParallelism();
    }

    /** The shards in a seeded random order for the epoch, so workers see a different mix each epoch. */
    private List<Shard> shuffled(List<Shard> shards, int epoch) {
        List<Shard> order = new ArrayList<>(shards);
        SplittableRandom rng = new SplittableRandom(RandomStreams.mix(plan.seed() ^ (31L * epoch + 7)));
        for (int i = order.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            Shard tmp = order.get(i);
            order.set(i, order.get(j));
            order.set(j, tmp);
        }
        return order;
    }
}
