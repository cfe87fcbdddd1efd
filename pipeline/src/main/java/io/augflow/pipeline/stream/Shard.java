package io.augflow.pipeline.stream;

import java.io.Serializable;

/**
 * Rows {@code [firstRow, firstRow + rowCount)} of row group {@code rowGroup} of one Parquet file. Its
 * {@link #encode() encoded} form is what travels through Spark (and through DL4J's {@code fitPaths}).
 */
public record Shard(String file, int rowGroup, long firstRow, int rowCount) implements Serializable {
    private static final String PREFIX = "augflow-shard:";

    public Shard {
        if (rowGroup < 0 || firstRow < 0 || rowCount < 1) {
            throw new IllegalArgumentException("bad shard of " + file + ": row group " + rowGroup + ", rows "
                    + firstRow + "+" + rowCount);
        }
    }

    /** {@code augflow-shard:<rowGroup>:<firstRow>:<rowCount>:<file>}; the file comes last, it may hold ':'. */
    public String encode() {
        return PREFIX + rowGroup + ":" + firstRow + ":" + rowCount + ":" + file;
    }

    public static Shard parse(String encoded) {
        if (!encoded.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not an augflow shard: '" + encoded + "'");
        }
        String[] f = encoded.substring(PREFIX.length()).split(":", 4);
        if (f.length != 4) {
            throw new IllegalArgumentException("malformed augflow shard: '" + encoded + "'");
        }
        return new Shard(f[3], Integer.parseInt(f[0]), Long.parseLong(f[1]), Integer.parseInt(f[2]));
    }
}
