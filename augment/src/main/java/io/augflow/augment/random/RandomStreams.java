package io.augflow.augment.random;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Derives independent random streams from stable keys. Keys are mixed with SplitMix64's finaliser, so
 * nearby keys (epoch 1 and 2, repeat 0 and 1) give unrelated streams.
 */
public final class RandomStreams {
    private RandomStreams() {}

    /** The stream for one use of one sample: the same key always gives the same stream. */
    public static SplittableRandom forSample(long seed, int epoch, String sampleId, int repeat) {
        return new SplittableRandom(sampleKey(seed, epoch, sampleId, repeat));
    }

    /** The key of {@link #forSample}'s stream: a 64-bit value that only these four arguments decide. */
    public static long sampleKey(long seed, int epoch, String sampleId, int repeat) {
        long key = mix(seed);
        key = mix(key ^ epoch);
        key = mix(key ^ hash(sampleId));
        return mix(key ^ repeat);
    }

    /** A child stream for position {@code index} (a transform in a pipeline, a partition, ...). */
    public static SplittableRandom child(long parentKey, int index) {
        return new SplittableRandom(mix(parentKey ^ mix(index + 0x9E3779B97F4A7C15L)));
    }

    /** 64-bit FNV-1a of the UTF-8 bytes: stable across JVMs, unlike {@link String#hashCode()} mixing. */
    public static long hash(String value) {
        long h = 0xcbf29ce484222325L;
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** SplitMix64 finaliser (Steele, Lea, Flood 2014). */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
