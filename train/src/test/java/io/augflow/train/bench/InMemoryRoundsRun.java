package io.augflow.train.bench;

import io.augflow.train.averaging.ParameterAveraging;
import io.augflow.train.averaging.ParameterAveraging.AveragingConf;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The in-memory side of a data-stall bench on augflow's own averaging rounds ({@link ParameterAveraging}, what
 * {@code SparkTrainer} runs): the same round structure ({@code workers x averaging-frequency} slices a round, split
 * into contiguous parts, one task per worker, re-batched and prefetched by the worker, networks kept between rounds),
 * the same broadcast, averaging and Spark job per round. The one difference from the streamed side is where a
 * worker's minibatches come from: a lookup of pre-built DataSets ({@link CachedSliceLoader}) instead of Parquet
 * read, decode, augmentation and encoding. So the ratio of the two rates measures the feed only.
 *
 * <p>The DataSets are broadcast once for all runs ({@link #close} releases them); each run starts from a fresh
 * network. The rate counts the rounds only, and every epoch checks that every sample was served once.
 */
final class InMemoryRoundsRun implements AutoCloseable {
    /** The {@code feed} value of the run records. */
    static final String FEED = "in-memory";

    private final JavaSparkContext sc;
    private final Broadcast<HashMap<String, DataSet>> slices;
    private final List<List<String>> rounds;
    private final long samplesPerEpoch;

    /** @param slices the decoded slices, keyed by slice ({@link InMemorySlices#decode}), in slice order */
    InMemoryRoundsRun(JavaSparkContext sc, LinkedHashMap<String, DataSet> slices, int perRound) {
        this.sc = sc;
        this.slices = sc.broadcast(new HashMap<>(slices));
        this.rounds = InMemorySlices.rounds(slices.keySet(), perRound);
        this.samplesPerEpoch = InMemorySlices.samples(slices);
    }

    int roundsPerEpoch() {
        return rounds.size();
    }

    long samplesPerEpoch() {
        return samplesPerEpoch;
    }

    /**
     * {@code epochs} epochs of the rounds from {@code network} (fresh, its parameters are trained in place).
     *
     * @return {@code {feed, repeat, samplesPerSecond, epochs: [{epoch, samples, seconds, samplesPerSecond, loss,
     *     phaseMillis}]}}
     */
    Map<String, Object> train(Model network, AveragingConf conf, int epochs, int repeat) {
        ParameterAveraging averaging = new ParameterAveraging(sc, network, conf);
        List<Map<String, Object>> records = new ArrayList<>();
        double totalSeconds = 0;
        try {
            for (int epoch = 0; epoch < epochs; epoch++) {
                LongAccumulator served = sc.sc().longAccumulator("in-memory samples, epoch " + epoch);
                CachedSliceLoader loader = new CachedSliceLoader(slices, served);
                Map<String, Long> phases = new java.util.TreeMap<>();
                double lossSum = 0;
                long start = System.nanoTime();
                for (int r = 0; r < rounds.size(); r++) {
                    String what = String.format(Locale.ROOT, "in-memory epoch %d, averaging round %d of %d", epoch,
                            r + 1, rounds.size());
                    ParameterAveraging.RoundReport report = averaging.round(rounds.get(r), loader, epoch, what);
                    lossSum += report.score();
                    report.phaseMillis().forEach((k, v) -> phases.merge(k, v, Long::sum));
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (served.value() != samplesPerEpoch) {
                    throw new IllegalStateException("in-memory epoch " + epoch + " served " + served.value()
                            + " samples, expected " + samplesPerEpoch);
                }
                totalSeconds += seconds;
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("epoch", epoch);
                e.put("samples", samplesPerEpoch);
                e.put("seconds", seconds);
                e.put("samplesPerSecond", samplesPerEpoch / seconds);
                e.put("loss", lossSum / rounds.size());
                e.put("phaseMillis", phases);
                records.add(e);
            }
        } finally {
            averaging.close();
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("feed", FEED);
        run.put("repeat", repeat);
        run.put("samplesPerSecond", epochs * samplesPerEpoch / totalSeconds);
        run.put("epochs", records);
        return run;
    }

    @Override
    public void close() {
        slices.unpersist(false);
    }
}
