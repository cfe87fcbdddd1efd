package io.augflow.pipeline.stream;

import io.augflow.augment.Sample;
import io.augflow.augment.multi.Partners;
import io.augflow.augment.random.RandomStreams;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Hands mosaic and mixup their partners on the executor: the other rows of the same slice, decoded once for the
 * slice's own samples, so partners cost no driver collect, no extra read and no extra decode.
 *
 * <p>The partners of repeat {@code r} of row {@code id} are the slice's other rows in an order drawn from
 * {@code (seed, epoch, id, r)}: a uniform shuffle of those rows sorted by id. Partner {@code k} is the
 * {@code k}-th of that order, so a sample's partners are distinct while the slice has enough other rows; beyond
 * that they repeat, in the same order ({@code k} modulo the number of other rows). A slice of one row gives the
 * row itself as every partner (a mosaic of four views of one image). The rows are sorted by id before drawing, so
 * the partners depend on which rows the slice holds, never on the order they are listed in, the partitioning or
 * the file paths; slices are cut from fixed row-group shards in the epoch's order, which only ids and the seed
 * decide (see {@link EpochStream}).
 */
public final class PartnerPicker {
    /** Keeps the partner order's key apart from the augmentation streams' and the shuffles' keys. */
    private static final long PARTNER_SALT = 0x9A27E5EEDL;

    private final long seed;
    private final int epoch;
    private final List<Sample> rows;
    /** Positions in {@code rows}, sorted by id (equal ids in list order). */
    private final int[] byId;

    /**
     * @param rows the slice's decoded rows, each once (repeats are not rows); read, never written
     */
    public PartnerPicker(long seed, int epoch, List<Sample> rows) {
        this.seed = seed;
        this.epoch = epoch;
        this.rows = List.copyOf(rows);
        this.byId = IntStream.range(0, this.rows.size()).boxed()
                .sorted(Comparator.comparing(i -> this.rows.get(i).id())).mapToInt(Integer::intValue).toArray();
    }

    /** The partners of repeat {@code repeat} of the row at {@code index} of the list given to the constructor. */
    public Partners partnersOf(int index, int repeat) {
        Sample self = rows.get(index);
        if (rows.size() == 1) {
            return Partners.self(self);
        }
        return new Drawn(self, index, repeat);
    }

    /** One sample's partner order, drawn on first use (a sample nobody combines costs nothing). */
    private final class Drawn implements Partners {
        private final Sample self;
        private final int index;
        private final int repeat;
        private int[] order;

        Drawn(Sample self, int index, int repeat) {
            this.self = self;
            this.index = index;
            this.repeat = repeat;
        }

        @Override
        public Sample get(int k) {
            if (k < 0) {
                throw new IllegalArgumentException("partner number must be >= 0, got " + k);
            }
            if (order == null) {
                order = draw();
            }
            return rows.get(order[k % order.length]);
        }

        /** The other rows, in id order, then shuffled (Fisher-Yates) with the sample's partner stream. */
        private int[] draw() {
            int[] others = IntStream.of(byId).filter(i -> i != index).toArray();
            long key = RandomStreams.mix(RandomStreams.sampleKey(seed, epoch, self.id(), repeat) ^ PARTNER_SALT);
            SplittableRandom rng = new SplittableRandom(key);
            for (int i = others.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = others[i];
                others[i] = others[j];
                others[j] = t;
            }
            return others;
        }
    }
}
