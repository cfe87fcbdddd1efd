package io.augflow.pipeline.stream;

import io.augflow.augment.DataException;
import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.augment.random.RandomStreams;
import io.augflow.augment.transform.AugmentConf;
import io.augflow.augment.transform.Compose;
import io.augflow.augment.transform.geometric.InputFit;
import io.augflow.pipeline.dataset.SampleRows;
import io.augflow.pipeline.donor.CopyPasteBanks;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;

/**
 * Turns one shard into the augmented samples of one epoch, on an executor: read the rows, keep the
 * wanted splits, repeat each row as the {@link RepeatPolicy} says, decode, augment repeat {@code k} of
 * row {@code id} with the stream {@code (seed, epoch, id, k)}, and shuffle. A pure function of
 * (shard, epoch): a retried task yields the same samples in the same order. The orders are drawn from the
 * rows' ids too, never from the file's path, so a dataset copied or moved elsewhere trains the same way.
 *
 * <p>Holds only small serialisable values: the pipeline is the parsed {@link Compose} (immutable records),
 * resolved on the driver and shipped as it is; the donor bank travels apart, as a broadcast
 * {@link DonorSource}, and is attached on the executor.
 *
 * @param augment      the augmentation pipeline, parsed on the driver ({@link AugmentConf}); null for no
 *                     augmentation (validation and test data)
 * @param fit          brings every sample, augmented or not, to the network's input, applied last; null for none
 * @param donors       the donor bank of the augment block's copy-paste transforms ({@link DonorSource#none()}:
 *                     same-image pasting only)
 * @param task         which rows are used and what target a sample carries ({@link StreamTask})
 */
public record EpochStream(Compose augment, InputFit fit, long seed, Set<String> splits,
        RepeatPolicy repeatPolicy, DonorSource donors, StreamTask task) implements Serializable {

    /** Salts that keep the two orders' keys apart from the augmentation streams' keys. */
    private static final long ROW_ORDER_SALT = 0x5EEDL;
    private static final long SAMPLE_ORDER_SALT = 0x0DE12L;

    public EpochStream {
        splits = Set.copyOf(splits);
        Objects.requireNonNull(donors, "donors");
        Objects.requireNonNull(task, "task");
    }

    /**
     * Training data: augmented by the {@code augment} block in {@code augmentHocon} (parsed here, on the
     * driver, so a bad block fails before any task; blank for none) and balanced by {@code policy}.
     */
    public static EpochStream training(String augmentHocon, long seed, RepeatPolicy policy) {
        return training(augmentHocon.isBlank() ? null : AugmentConf.parse(augmentHocon).compose(), seed, policy);
    }

    /** Training data: augmented by {@code augment} (null for none), balanced by {@code policy}; no input step. */
    public static EpochStream training(Compose augment, long seed, RepeatPolicy policy) {
        return new EpochStream(augment, null, seed, Set.of("train"), policy, DonorSource.none(), StreamTask.DETECT);
    }

    /** Evaluation data of {@code split}: decoded, not augmented, every row once; no input step (see the withers). */
    public static EpochStream evaluation(String split, long seed) {
        return new EpochStream(null, null, seed, Set.of(split), RepeatPolicy.ONCE, DonorSource.none(), StreamTask.DETECT);
    }

    /** The same stream with its copy-paste transforms drawing from {@code bank}. */
    public EpochStream withDonors(DonorSource bank) {
        return new EpochStream(augment, fit, seed, splits, repeatPolicy, bank, task);
    }

    /** The same stream ending every sample with {@code inputFit}. */
    public EpochStream withFit(InputFit inputFit) {
        return new EpochStream(augment, inputFit, seed, splits, repeatPolicy, donors, task);
    }

    /** The same stream for {@code streamTask}. */
    public EpochStream forTask(StreamTask streamTask) {
        return new EpochStream(augment, fit, seed, splits, repeatPolicy, donors, streamTask);
    }

    public boolean augments() {
        return augment != null;
    }

    /**
     * The uses of each row of {@code shard} in {@code epoch}, listed in the shard's shuffled order (0 for
     * rows of other splits). Reads no image bytes: what planning an epoch needs.
     */
    public int[] repeatsInOrder(Shard shard, int epoch, Configuration conf) {
        List<SourceRow> rows = ShardReader.read(shard, conf, false);
        int[] order = order(rows, epoch);
        int[] repeats = new int[order.length];
        for (int pos = 0; pos < order.length; pos++) {
            repeats[pos] = uses(rows.get(order[pos]), epoch);
        }
        return repeats;
    }

    /** How many samples {@link #samples} will give for (shard, epoch). */
    public int count(Shard shard, int epoch, Configuration conf) {
        return java.util.Arrays.stream(repeatsInOrder(shard, epoch, conf)).sum();
    }

    /** The samples of a whole shard in {@code epoch}. */
    public List<Sample> samples(Shard shard, int epoch, Configuration conf, StreamCounters counters) {
        return samples(ShardSlice.whole(shard), epoch, conf, counters);
    }

    /**
     * The samples of the rows at positions {@code [from, to)} of the shard's shuffled order, in {@code epoch},
     * shuffled; {@code counters} sees what was done. Each row lies in exactly one slice, so an epoch decodes
     * each planned row once, however many times the plan repeats it. The slice's decoded rows are also the partners
     * of its mosaics and mixups ({@link PartnerPicker}).
     */
    public List<Sample> samples(ShardSlice slice, int epoch, Configuration conf, StreamCounters counters) {
        OpenCv.load();
        Compose compose = pipeline();
        List<SourceRow> rows = RecentShards.read(slice.shard(), conf);
        int[] order = order(rows, epoch);
        counters.rowsRead(slice.to() - slice.from());
        // decode the slice's used rows first: they are also the partners of its mosaics and mixups
        List<SourceRow> used = new ArrayList<>();
        List<Integer> usedRepeats = new ArrayList<>();
        List<Sample> decodedRows = new ArrayList<>();
        for (int pos = slice.from(); pos < slice.to(); pos++) {
            SourceRow row = rows.get(order[pos]);
            int repeats = uses(row, epoch);
            if (repeats <= 0) {
                continue;
            }
            try {
                decodedRows.add(task.beforeAugmentation(new Sample(row.id(),
                        SampleRows.decodeImage(row.image(), row.channels(), row.id(), row.source()), row.boxes(),
                        row.label())));
            } catch (RuntimeException e) {
                throw failed(row, e);
            }
            used.add(row);
            usedRepeats.add(repeats);
            counters.rowsDecoded(1);
        }
        PartnerPicker partners = new PartnerPicker(seed, epoch, decodedRows);
        List<Sample> out = new ArrayList<>();
        List<Long> outKeys = new ArrayList<>();
        for (int i = 0; i < used.size(); i++) {
            SourceRow row = used.get(i);
            Sample decoded = decodedRows.get(i);
            try {
                for (int k = 0; k < usedRepeats.get(i); k++) {
                    long key = RandomStreams.sampleKey(seed, epoch, row.id(), k);
                    Sample sample = compose == null ? decoded
                            : compose.apply(decoded, partners.partnersOf(i, k), new SplittableRandom(key));
                    out.add(fit == null ? sample : fit.apply(sample));
                    outKeys.add(RandomStreams.mix(key ^ SAMPLE_ORDER_SALT));
                }
            } catch (RuntimeException e) {
                throw failed(row, e);
            }
        }
        counters.samplesEmitted(out.size());
        return inKeyOrder(out, outKeys);
    }

    /** A data error names the sample already; anything else (a transform or decoder failing) gets its name here. */
    private static RuntimeException failed(SourceRow row, RuntimeException e) {
        return e instanceof DataException ? e : new IllegalStateException("sample '" + row.id() + "' ("
                + row.source() + ") failed in the stream: " + e, e);
    }

    private int uses(SourceRow row, int epoch) {
        return splits.contains(row.split()) && task.uses(row.label(), row.boxes())
                ? Math.max(0, repeatPolicy.repeats(row, epoch)) : 0;
    }

    /**
     * The shard's rows in the epoch's order, a permutation of {@code [0, rows)}: sorted by a key drawn from
     * (seed, epoch, row id), ties (equal ids) kept in file order.
     */
    private int[] order(List<SourceRow> rows, int epoch) {
        long[] keys = new long[rows.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = RandomStreams.mix(RandomStreams.sampleKey(seed, epoch, rows.get(i).id(), 0) ^ ROW_ORDER_SALT);
        }
        return IntStream.range(0, keys.length).boxed().sorted(Comparator.comparingLong(i -> keys[i]))
                .mapToInt(Integer::intValue).toArray();
    }

    /** {@code items} sorted by their keys: a shuffle that follows the samples, not their positions. */
    private static <T> List<T> inKeyOrder(List<T> items, List<Long> keys) {
        return IntStream.range(0, items.size()).boxed().sorted(Comparator.comparingLong(keys::get))
                .map(items::get).collect(Collectors.toCollection(ArrayList::new));
    }

    /** The pipeline with its donor bank attached (here, on the executor); null for none. */
    private Compose pipeline() {
        if (augment == null || donors == DonorSource.none()) {
            return augment;
        }
        return CopyPasteBanks.withBank(augment, donors.bank()); // bank() is decoded once per executor JVM
    }
}
