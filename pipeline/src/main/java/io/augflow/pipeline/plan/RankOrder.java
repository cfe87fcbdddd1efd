package io.augflow.pipeline.plan;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The order Spark sorts {@code (long key, string id)} in, for code that compares rows on executors against
 * a boundary row that a Spark window found: signed longs, then strings by their UTF-8 bytes, unsigned
 * (not {@link String#compareTo}, which compares UTF-16 units).
 */
public final class RankOrder {
    private RankOrder() {}

    public static int compare(long keyA, String idA, long keyB, String idB) {
        int byKey = Long.compare(keyA, keyB);
        if (byKey != 0) {
            return byKey;
        }
        return Arrays.compareUnsigned(idA.getBytes(StandardCharsets.UTF_8), idB.getBytes(StandardCharsets.UTF_8));
    }
}
