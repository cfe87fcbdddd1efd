package io.augflow.pipeline.stream;

import java.io.Serializable;

/**
 * Positions {@code [from, to)} of a shard's rows in the shard's shuffled order for an epoch: the unit one
 * DL4J "path" loads. Slices are cut so none yields more samples than one minibatch (see
 * {@link EpochShards}), because DL4J's parameter averaging silently drops what a worker is given beyond
 * {@code averagingFrequency} minibatches per round.
 */
public record ShardSlice(Shard shard, int from, int to) implements Serializable {

    public ShardSlice {
        if (from < 0 || to <= from || to > shard.rowCount()) {
            throw new IllegalArgumentException("bad slice [" + from + ", " + to + ") of a shard of "
                    + shard.rowCount() + " rows");
        }
    }

    public static ShardSlice whole(Shard shard) {
        return new ShardSlice(shard, 0, shard.rowCount());
    }

    /** The shard's encoding (a relative, scheme-less URI) plus {@code /<from>-<to>}. */
    public String encode() {
        return shard.encode() + "/" + from + "-" + to;
    }

    /** For messages: {@code "rows 64-127 of the epoch's order of row group 0 (rows 0-1023) of part-00000.parquet"}. */
    public String describe() {
        return "rows " + from + "-" + (to - 1) + " of the epoch's order of row group " + shard.rowGroup() + " (rows "
                + shard.firstRow() + "-" + (shard.firstRow() + shard.rowCount() - 1) + ") of " + shard.file();
    }

    public static ShardSlice parse(String encoded) {
        int slash = encoded.lastIndexOf('/');
        int dash = encoded.lastIndexOf('-');
        if (slash < 0 || dash < slash) {
            throw new IllegalArgumentException("malformed augflow slice: '" + encoded + "'");
        }
        try {
            return new ShardSlice(Shard.parse(encoded.substring(0, slash)),
                    Integer.parseInt(encoded.substring(slash + 1, dash)), Integer.parseInt(encoded.substring(dash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed augflow slice: '" + encoded + "'", e);
        }
    }
}
