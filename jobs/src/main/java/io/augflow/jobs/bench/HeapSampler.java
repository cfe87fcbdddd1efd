package io.augflow.jobs.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples the driver JVM's heap every {@code periodMillis} on a daemon thread and keeps two peaks: heap
 * used (live objects plus garbage not yet collected, so it depends on GC timing) and the largest heap
 * left after a collection (summed over the pools' {@code getCollectionUsage}), which tracks what the job
 * really retains.
 */
final class HeapSampler implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "heap-sampler");
        t.setDaemon(true);
        return t;
    });
    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).toList();
    private final AtomicLong peakUsed = new AtomicLong();
    private final AtomicLong peakAfterGc = new AtomicLong();

    HeapSampler(long periodMillis) {
        timer.scheduleAtFixedRate(this::sample, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Starts a new measurement: collects garbage first, so one phase's garbage is not the next one's peak. */
    void reset() {
        System.gc();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        peakUsed.set(0);
        peakAfterGc.set(0);
        sample();
    }

    long peakUsedBytes() {
        sample();
        return peakUsed.get();
    }

    long peakAfterGcBytes() {
        sample();
        return peakAfterGc.get();
    }

    private void sample() {
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        peakUsed.accumulateAndGet(used, Math::max);
        long afterGc = 0;
        for (MemoryPoolMXBean p : heapPools) {
            MemoryUsage u = p.getCollectionUsage();
            afterGc += u == null ? 0 : u.getUsed();
        }
        peakAfterGc.accumulateAndGet(afterGc, Math::max);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
