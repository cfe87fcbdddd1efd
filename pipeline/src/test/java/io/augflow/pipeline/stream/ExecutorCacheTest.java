package io.augflow.pipeline.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The executor's one cache: loads once per key, and holds no more than its documented bound. */
class ExecutorCacheTest {

    @AfterEach
    void empty() {
        ExecutorCache.clear();
    }

    @Test
    void theDefaultBoundIs256MiB() {
        assertEquals(256L * 1024, ExecutorCache.capacityKib());
    }

    @Test
    void aKeyIsLoadedOnceAndServedFromTheCacheAfterwards() {
        AtomicInteger loads = new AtomicInteger();
        byte[] first = ExecutorCache.get("k", () -> {
            loads.incrementAndGet();
            return new byte[2048];
        }, b -> b.length);
        byte[] second = ExecutorCache.get("k", () -> {
            loads.incrementAndGet();
            return new byte[2048];
        }, b -> b.length);
        assertSame(first, second);
        assertEquals(1, loads.get());
    }

    @Test
    void theWeightHeldNeverExceedsTheBound() {
        long capacity = ExecutorCache.capacityKib();
        int entryKib = 32 * 1024; // 32 MiB each: 20 of them are 2.5 times the bound
        for (int i = 0; i < 20; i++) {
            ExecutorCache.get("big-" + i, () -> "x", v -> entryKib * 1024L);
            assertTrue(ExecutorCache.weightKib() <= capacity, "after " + (i + 1) + " entries: "
                    + ExecutorCache.weightKib() + " KiB > " + capacity);
        }
        assertTrue(ExecutorCache.weightKib() >= capacity - entryKib, "the cache stays nearly full, not emptied");
        assertFalse(ExecutorCache.holds("big-0") && ExecutorCache.holds("big-1") && ExecutorCache.holds("big-2"),
                "the oldest entries made room");
    }

    @Test
    void anEntryLargerThanTheBoundIsReturnedButNotKept() {
        String value = ExecutorCache.get("huge", () -> "y", v -> 1024L * 1024 * 1024);
        assertEquals("y", value);
        assertFalse(ExecutorCache.holds("huge"));
    }
}
