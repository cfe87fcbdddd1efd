package io.augflow.train.registry;

import static io.augflow.train.registry.RegistryFixtures.metadata;
import static io.augflow.train.registry.RegistryFixtures.trainingOutput;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writers that race: each opens its own registry object, as separate processes would. */
class RegistryConcurrencyTest {
    private static final int THREADS = 4;
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @TempDir
    Path tmp;

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Test
    void concurrentRegistrationsNeverShareAVersionNumber() throws Exception {
        int perThread = 6;
        String root = tmp.resolve("registry").toString();
        ModelRegistry.open(root, new Configuration());
        Path output = trainingOutput(tmp, "shared");
        List<Integer> numbers = race(() -> {
            ModelRegistry own = ModelRegistry.open(root, new Configuration());
            List<Integer> mine = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                mine.add(own.register(output.toString(), metadata()).version());
            }
            return mine;
        });

        int total = THREADS * perThread;
        assertEquals(IntStream.rangeClosed(1, total).boxed().toList(), numbers.stream().sorted().toList(),
                "every registration got its own number, without gaps");
        ModelRegistry registry = ModelRegistry.openExisting(root, new Configuration());
        assertEquals(total, registry.list().size());
        assertEquals(List.of(), registry.incomplete());
    }

    @Test
    void concurrentPromotionsNeverShareAPointerNumber() throws Exception {
        String root = tmp.resolve("registry").toString();
        ModelRegistry setup = ModelRegistry.open(root, new Configuration());
        for (int i = 0; i < THREADS; i++) {
            setup.register(trainingOutput(tmp, "v" + i).toString(), metadata());
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> sequences = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int version = t + 1;
            sequences.add(pool.submit(() -> {
                start.await();
                return ModelRegistry.open(root, new Configuration()).promote(version, "race").sequence();
            }));
        }
        start.countDown();
        List<Integer> got = new ArrayList<>();
        for (Future<Integer> f : sequences) {
            got.add(f.get(30, TimeUnit.SECONDS));
        }
        assertEquals(List.of(1, 2, 3, 4), got.stream().sorted().toList());
        List<ChampionChange> history = setup.championHistory();
        for (int i = 1; i < history.size(); i++) {
            assertEquals(history.get(i - 1).version(), history.get(i).previousVersion(),
                    "each appender saw the pointer before its own");
        }
    }

    private List<Integer> race(Callable<List<Integer>> work) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Integer>>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            futures.add(pool.submit(() -> {
                start.await();
                return work.call();
            }));
        }
        start.countDown();
        List<Integer> all = new ArrayList<>();
        for (Future<List<Integer>> f : futures) {
            all.addAll(f.get(60, TimeUnit.SECONDS));
        }
        return all;
    }
}
