package io.augflow.train.averaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The loader thread may fail or die in any way; the consumer must always get the items or the error, never wait. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class PrefetcherTest {

    private static List<Integer> drain(Iterator<Integer> it) {
        List<Integer> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @ParameterizedTest(name = "depth {0}")
    @ValueSource(ints = {0, 1, 2, 5})
    void passesEveryItemInOrder(int depth) {
        List<Integer> items = IntStream.range(0, 23).boxed().toList();
        try (Prefetcher<Integer> p = new Prefetcher<>(items.iterator(), depth, "test")) {
            assertEquals(items, drain(p));
            assertFalse(p.hasNext());
            assertThrows(NoSuchElementException.class, p::next);
        }
    }

    @ParameterizedTest(name = "depth {0}")
    @ValueSource(ints = {0, 1, 3})
    void theLoadersExceptionReachesTheConsumerAfterTheItemsBeforeIt(int depth) {
        IllegalArgumentException boom = new IllegalArgumentException("sample 'x': cannot decode");
        Iterator<Integer> failing = new Iterator<>() {
            int n;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                if (n == 3) {
                    throw boom;
                }
                return n++;
            }
        };
        try (Prefetcher<Integer> p = new Prefetcher<>(failing, depth, "test")) {
            List<Integer> got = new ArrayList<>();
            IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> {
                while (p.hasNext()) {
                    got.add(p.next());
                }
            });
            assertSame(boom, thrown, "the loader's own exception, message and type kept");
            assertEquals(List.of(0, 1, 2), got);
        }
    }

    @Test
    void aLoaderKilledByAnErrorIsReportedNotWaitedFor() {
        Iterator<Integer> dies = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                throw new OutOfMemoryError("simulated");
            }
        };
        try (Prefetcher<Integer> p = new Prefetcher<>(dies, 2, "test")) {
            OutOfMemoryError e = assertThrows(OutOfMemoryError.class, p::hasNext);
            assertEquals("simulated", e.getMessage());
        }
    }

    @Test
    void closingStopsALoaderBlockedOnAFullQueue() throws Exception {
        CountDownLatch produced = new CountDownLatch(3);
        Iterator<Integer> endless = new Iterator<>() {
            int n;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                produced.countDown();
                return n++;
            }
        };
        Prefetcher<Integer> p = new Prefetcher<>(endless, 2, "test-close");
        assertTrue(produced.await(5, TimeUnit.SECONDS));
        assertEquals(0, p.next());
        p.close();
        Thread loader = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("test-close"))
                .findFirst().orElse(null);
        if (loader != null) {
            loader.join(5000);
            assertFalse(loader.isAlive(), "the loader thread ends once closed");
        }
    }

    @Test
    void aNegativeDepthIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Prefetcher<>(List.of(1).iterator(), -1, "x"));
    }

    @Test
    void theThreadSetupRunsOnTheLoaderThreadBeforeTheFirstItem() {
        List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
        Iterator<Integer> source = new Iterator<>() {
            int n;

            @Override
            public boolean hasNext() {
                return n < 2;
            }

            @Override
            public Integer next() {
                log.add("load " + n + " on " + Thread.currentThread().getName());
                return n++;
            }
        };
        try (Prefetcher<Integer> p = new Prefetcher<>(source, 1, "bound-loader",
                () -> log.add("setup on " + Thread.currentThread().getName()))) {
            assertEquals(List.of(0, 1), drain(p));
        }
        assertEquals(List.of("setup on bound-loader", "load 0 on bound-loader", "load 1 on bound-loader"), log);
    }

    @Test
    void aFailingThreadSetupReachesTheConsumer() {
        IllegalStateException refused = new IllegalStateException("no GPU 3 here");
        try (Prefetcher<Integer> p = new Prefetcher<>(List.of(1, 2).iterator(), 2, "test", () -> {
            throw refused;
        })) {
            assertSame(refused, assertThrows(IllegalStateException.class, p::hasNext));
        }
    }
}
