package io.augflow.pipeline.stream;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The one cache an executor JVM keeps across tasks: the rows of recently read shards (a worker loads the slices of
 * one shard one after the other, so the shard's row group is read once for all of them) and the decoded copy-paste
 * donor bank of the run. Bounded by weight, least recently used out first.
 *
 * <p>Size: {@value #DEFAULT_MEGABYTES} MiB of cached image bytes by default (encoded bytes for shard rows, decoded
 * pixels for donors), set with the JVM switch {@code -Daugflow.executor-cache-mb=N} (read once, when the class
 * loads; {@code 0} caches nothing). An entry larger than the bound is loaded and used but not kept. The cache holds
 * only what can be read again: evicting an entry costs a re-read, never a result.
 */
public final class ExecutorCache {
    /** The JVM switch holding the bound in MiB. */
    public static final String SIZE_PROPERTY = "augflow.executor-cache-mb";
    public static final long DEFAULT_MEGABYTES = 256;

    private static final long KIB = 1024;
    // Eviction runs on the calling thread so the bound holds as soon as get returns (no pool thread involved).
    private static final Cache<String, Weighted> CACHE = Caffeine.newBuilder()
            .maximumWeight(Long.getLong(SIZE_PROPERTY, DEFAULT_MEGABYTES) * KIB)
            .weigher((String key, Weighted value) -> value.kib())
            .executor(Runnable::run)
            .build();

    /** A cached value with its weight in KiB (Caffeine's weigher sees only key and value). */
    private record Weighted(Object value, int kib) {}

    private ExecutorCache() {}

    /**
     * The cached value of {@code key}, loaded once with {@code load} when absent (concurrent callers of the same key
     * wait for the one load). {@code bytes} weighs a loaded value.
     */
    @SuppressWarnings("unchecked")
    public static <T> T get(String key, Supplier<T> load, ToLongFunction<T> bytes) {
        return (T) CACHE.get(key, k -> {
            T value = load.get();
            return new Weighted(value, (int) Math.min(Integer.MAX_VALUE, Math.max(1, bytes.applyAsLong(value) / KIB)));
        }).value();
    }

    /** The bound in KiB. */
    static long capacityKib() {
        return CACHE.policy().eviction().orElseThrow().getMaximum();
    }

    /** Sum of the weights held now, in KiB (tests). */
    static long weightKib() {
        CACHE.cleanUp();
        return CACHE.policy().eviction().orElseThrow().weightedSize().orElse(0);
    }

    static boolean holds(String key) {
        return CACHE.getIfPresent(key) != null;
    }

    /** Empties the cache (tests). */
    static void clear() {
        CACHE.invalidateAll();
        CACHE.cleanUp();
    }
}
