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
 * @param inputHocon   an {@code augment} block whose pipeline brings every sample, augmented or not, to the
 *                     network's input (e.g. a resize), applied last; empty for none
 */
public record EpochStream(String augmentHocon, String inputHocon, long seed, Set<String> splits,
        RepeatPolicy repeatPolicy) implements Serializable {

    private static final ConcurrentHashMap<String, Compose> PIPELINES = new ConcurrentHashMap<>();

    public EpochStream {
        splits = Set.copyOf(splits);
        // fail on the driver, not on the executors
        if (!augmentHocon.isBlank()) {
            AugmentConf.parse(augmentHocon);
        }
        if (!inputHocon.isBlank()) {
            AugmentConf.parse(inputHocon);
        }
    }

    /** Training data: augmented, balanced by {@code policy}, then brought to the input size. */
    public static EpochStream training(String augmentHocon, String inputHocon, long seed, RepeatPolicy policy) {
        return new EpochStream(augmentHocon, inputHocon, seed, Set.of("train"), policy);
    }

    /** Training data without an input step. */
    public static EpochStream training(String augmentHocon, long seed, RepeatPolicy policy) {
        return training(augmentHocon, "", seed, policy);
    }

    /** Evaluation data of {@code split}: decoded and brought to the input size, not augmented, every row once. */
    public static EpochStream evaluation(String split, String inputHocon, long seed) {
        return new EpochStream("", inputHocon, seed, Set.of(split), RepeatPolicy.ONCE);
    }

    /** Evaluation data without an input step. */
    public static EpochStream evaluation(String split, long seed) {
        return evaluation(split, "", seed);
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
        Compose augment = pipeline(augmentHocon);
        Compose input = pipeline(inputHocon);
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
                SplittableRandom stream = RandomStreams.forSample(seed, epoch, row.id(), k);
                Sample sample = augment == null ? decoded : augment.apply(decoded, stream);
                out.add(input == null ? sample : input.apply(sample, stream));
            }
        }
        counters.samplesEmitted(out.size());
        shuffle(out, new SplittableRandom(RandomStreams.mix(RandomStreams.hash(shard.encode()) ^ seed ^ epoch)));
        return out;
    }

    /** The pipeline of a HOCON block, built once per executor JVM; null for none. */
    private static Compose pipeline(String hocon) {
        return hocon.isBlank() ? null : PIPELINES.computeIfAbsent(hocon, h -> AugmentConf.parse(h).compose());
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
