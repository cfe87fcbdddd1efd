package io.augflow.train.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryLockTest {
    @TempDir
    Path tmp;

    private ModelRegistry registry() {
        return ModelRegistry.open(tmp.resolve("registry").toString(), new Configuration());
    }

    @Test
    void aSecondLockFailsAtOnceNamingTheHolder() {
        ModelRegistry registry = registry();
        try (RegistryLock held = registry.lock("retrain")) {
            assertTrue(Files.exists(tmp.resolve("registry/_lock")));
            RegistryLockedException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> assertThrows(RegistryLockedException.class, () -> registry().lock("models promote")));
            String m = e.getMessage();
            long pid = ProcessHandle.current().pid();
            assertTrue(m.contains("'retrain'"), "names the holder's purpose: " + m);
            assertTrue(m.contains("pid " + pid), "names the pid: " + m);
            assertTrue(m.contains("host "), "names the host: " + m);
            assertTrue(m.contains(" since 20"), "says since when: " + m);
            assertTrue(m.contains("delete " + registry.root() + "/_lock"), "says which file to delete: " + m);
            assertEquals(held.holder(), m.substring(m.indexOf("'retrain'"), m.indexOf("; if that")));
        }
        assertFalse(Files.exists(tmp.resolve("registry/_lock")), "close removes the lock file");
        try (RegistryLock again = registry().lock("models promote")) {
            assertTrue(again.holder().startsWith("'models promote'"));
        }
    }

    @Test
    void closeIsIdempotentAndLeavesSomeoneElsesLockAlone() throws Exception {
        ModelRegistry registry = registry();
        RegistryLock first = registry.lock("first");
        first.close();
        RegistryLock second = registry.lock("second");
        first.close(); // a stale close must not release the new holder's lock
        assertThrows(RegistryLockedException.class, () -> registry.lock("third"));
        second.close();
        registry.lock("third").close();
    }

    @Test
    void aLockFileDeletedByHandFreesTheRegistry() throws Exception {
        ModelRegistry registry = registry();
        RegistryLock crashed = registry.lock("crashed run");
        Files.delete(tmp.resolve("registry/_lock"));
        try (RegistryLock next = registry.lock("next")) {
            crashed.close();
            assertThrows(RegistryLockedException.class, () -> registry.lock("third"), "next still holds it");
        }
    }

    @Test
    void exactlyOneOfManyRacingLockersWins() throws Exception {
        String root = tmp.resolve("registry").toString();
        registry();
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 10; round++) {
                CountDownLatch start = new CountDownLatch(1);
                CountDownLatch done = new CountDownLatch(threads);
                AtomicInteger winners = new AtomicInteger();
                Future<?>[] tasks = new Future<?>[threads];
                for (int t = 0; t < threads; t++) {
                    tasks[t] = pool.submit(() -> {
                        start.await();
                        try {
                            RegistryLock lock = ModelRegistry.open(root, new Configuration()).lock("race");
                            winners.incrementAndGet();
                            done.countDown();
                            done.await(); // hold until every racer has tried
                            lock.close();
                        } catch (RegistryLockedException e) {
                            done.countDown();
                        }
                        return null;
                    });
                }
                start.countDown();
                for (Future<?> f : tasks) {
                    f.get(30, TimeUnit.SECONDS);
                }
                assertEquals(1, winners.get(), "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLockNeedsAPurpose() {
        assertThrows(IllegalArgumentException.class, () -> registry().lock(" "));
    }
}
