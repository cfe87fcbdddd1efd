package io.augflow.pipeline.stream;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Rows {@code [firstRow, firstRow + rowCount)} of row group {@code rowGroup} of one Parquet file. Its
 * {@link #encode() encoded} form is what travels through Spark and through DL4J's {@code fitPaths}, which
 * parses every "path" as a URI and looks up a Hadoop file system for it (without opening it): so the
 * encoding is a relative, scheme-less URI of URL-safe characters.
 */
public record Shard(String file, int rowGroup, long firstRow, int rowCount) implements Serializable {
    private static final String PREFIX = "augflow-shard/";

    public Shard {
        if (rowGroup < 0 || firstRow < 0 || rowCount < 1) {
            throw new IllegalArgumentException("bad shard of " + file + ": row group " + rowGroup + ", rows "
                    + firstRow + "+" + rowCount);
        }
    }

    /** {@code augflow-shard/} + URL-safe Base64 of {@code <rowGroup>:<firstRow>:<rowCount>:<file>}. */
    public String encode() {
        String fields = rowGroup + ":" + firstRow + ":" + rowCount + ":" + file;
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(fields.getBytes(StandardCharsets.UTF_8));
    }

    public static Shard parse(String encoded) {
        if (!encoded.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not an augflow shard: '" + encoded + "'");
        }
        String fields;
        try {
            fields = new String(Base64.getUrlDecoder().decode(encoded.substring(PREFIX.length())), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed augflow shard: '" + encoded + "'", e);
        }
        // the file comes last: it may itself hold ':'
        String[] f = fields.split(":", 4);
        if (f.length != 4) {
            throw new IllegalArgumentException("malformed augflow shard: '" + encoded + "'");
        }
        return new Shard(f[3], Integer.parseInt(f[0]), Long.parseLong(f[1]), Integer.parseInt(f[2]));
    }
}
