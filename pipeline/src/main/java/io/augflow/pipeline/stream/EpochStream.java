package io.augflow.pipeline.stream;

import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.augment.random.RandomStreams;
import io.augflow.augment.transform.AugmentConf;
import io.augflow.augment.transform.Compose;
import io.augflow.pipeline.dataset.SampleRows;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;

/**
 * Turns one shard into the augmented samples of one epoch, on an executor: read the rows, keep the
 * wanted splits, repeat each row as the {@link RepeatPolicy} says, decode, augment repeat {@code k} of
 * row {@code id} with the stream {@code (seed, epoch, id, k)}, and shuffle. A pure function of
 * (shard, epoch): a retried task yields the same samples in the same order.
 *
 * <p>Holds only small serialisable values; the pipeline ({@link Compose}) is rebuilt from its HOCON once
 * per executor JVM.
 *
 * @param augmentHocon an {@code augment} block ({@link AugmentConf}), or empty for no augmentation
 *                     (validation and test data)
 */
public record EpochStream(String augmentHocon, long seed, Set<String> splits, RepeatPolicy repeatPolicy)
        implements Serializable {

    private static final ConcurrentHashMap<String, Compose> PIPELINES = new ConcurrentHashMap<>();

    public EpochStream {
        splits = Set.copyOf(splits);
        if (!augmentHocon.isBlank()) {
            AugmentConf.parse(augmentHocon); // fail on the driver, not on the executors
        }
    }

    /** Training data: augmented, balanced by {@code policy}. */
    public static EpochStream training(String augmentHocon, long seed, RepeatPolicy policy) {
        return new EpochStream(augmentHocon, seed, Set.of("train"), policy);
    }

    /** Evaluation data of {@code split}: decoded, not augmented, every row once. */
    public static EpochStream evaluation(String split, long seed) {
        return new EpochStream("", seed, Set.of(split), RepeatPolicy.ONCE);
    }

    public boolean augments() {
        return !augmentHocon.isBlank();
    }

    /** How many samples {@link #samples} will give for (shard, epoch), reading no image bytes. */
    public int count(Shard shard, int epoch, Configuration conf) {
        int n = 0;
        for (SourceRow row : ShardReader.read(shard, conf, false)) {
            if (splits.contains(row.split())) {
                n += Math.max(0, repeatPolicy.repeats(row, epoch));
            }
        }
        return n;
    }

    /** The samples of {@code shard} in {@code epoch}, shuffled; {@code counters} sees what was done. */
    public List<Sample> samples(Shard shard, int epoch, Configuration conf, StreamCounters counters) {
        OpenCv.load();
        Compose compose = augments() ? PIPELINES.computeIfAbsent(augmentHocon, h -> AugmentConf.parse(h).compose())
                : null;
        List<SourceRow> rows = ShardReader.read(shard, conf);
        counters.rowsRead(rows.size());
        List<Sample> out = new ArrayList<>();
        for (SourceRow row : rows) {
            if (!splits.contains(row.split())) {
                continue;
            }
            int repeats = repeatPolicy.repeats(row, epoch);
            if (repeats <= 0) {
                continue;
            }
            Sample decoded = new Sample(row.id(), SampleRows.decodeImage(row.image(), row.channels(), row.id()),
                    row.boxes(), row.label());
            counters.rowsDecoded(1);
            for (int k = 0; k < repeats; k++) {
                out.add(compose == null ? decoded
                        : compose.apply(decoded, RandomStreams.forSample(seed, epoch, row.id(), k)));
            }
        }
        counters.samplesEmitted(out.size());
        shuffle(out, new SplittableRandom(RandomStreams.mix(RandomStreams.hash(shard.encode()) ^ seed ^ epoch)));
        return out;
    }

    private static <T> void shuffle(List<T> list, SplittableRandom rng) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            T tmp = list.get(i);
            list.set(i, list.get(j));
            list.set(j, tmp);
        }
    }
}
