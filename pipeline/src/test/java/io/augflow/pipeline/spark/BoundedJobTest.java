package io.augflow.pipeline.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.pipeline.testing.TestRows;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class BoundedJobTest {
    static SparkSession spark;
    static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        spark = TestRows.spark();
        sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void returnsTheJobsResult() {
        long n = BoundedJob.run(sc.sc(), "count", Duration.ofMinutes(1), () -> sc.parallelize(List.of(1, 2, 3), 2).count());
        assertEquals(3, n);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aJobThatNeverEndsIsCancelledAtTheLimitAndSparkGoesOn() {
        long start = System.nanoTime();
        BoundedJob.JobTimeoutException e = assertThrows(BoundedJob.JobTimeoutException.class,
                () -> BoundedJob.run(sc.sc(), "a stuck round", Duration.ofSeconds(2), () -> sc.parallelize(List.of(1, 2), 2)
                        .map(x -> {
                            Thread.sleep(600_000); // a task waiting on something that will not come
                            return x;
                        }).count()));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds < 10, "gave up after " + seconds + " s");
        assertTrue(e.getMessage().startsWith("a stuck round did not finish within 2 s and was cancelled"), e.getMessage());
        assertEquals(4, sc.parallelize(List.of(1, 2, 3, 4), 2).count(), "the context still runs jobs");
    }

    @Test
    void theCallersSchedulerPoolAndJobTagsReachTheThreadThatRunsTheJob() throws Exception {
        // two callers in a row on the pool's (reused) thread: each action sees its own caller's properties, and
        // the second caller, who set none, does not inherit the first one's pool
        java.util.concurrent.atomic.AtomicReference<String> seen = new java.util.concurrent.atomic.AtomicReference<>();
        Thread first = new Thread(() -> {
            sc.setLocalProperty("spark.scheduler.pool", "trial-3");
            sc.sc().addJobTag("augflow-trial-3");
            seen.set(BoundedJob.run(sc.sc(), "pool", Duration.ofMinutes(1),
                    () -> sc.sc().getLocalProperty("spark.scheduler.pool") + " " + sc.sc().getJobTags()));
        });
        first.start();
        first.join();
        assertEquals("trial-3 Set(augflow-trial-3)", seen.get());

        Thread second = new Thread(() -> seen.set(BoundedJob.run(sc.sc(), "no pool", Duration.ofMinutes(1),
                () -> sc.sc().getLocalProperty("spark.scheduler.pool") + " " + sc.sc().getJobTags().isEmpty())));
        second.start();
        second.join();
        assertEquals("null true", seen.get());
    }

    @Test
    void aJobRunByTheBoundedThreadRunsInTheCallersPool() throws Exception {
        // the pool as Spark's scheduler saw it: the property of the job's first stage
        java.util.List<String> pools = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        org.apache.spark.scheduler.SparkListener listener = new org.apache.spark.scheduler.SparkListener() {
            @Override
            public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart start) {
                if ("pool check".equals(start.properties().getProperty("spark.job.description"))) {
                    pools.add(start.properties().getProperty("spark.scheduler.pool"));
                }
            }
        };
        sc.sc().addSparkListener(listener);
        try {
            Thread caller = new Thread(() -> {
                sc.setLocalProperty("spark.scheduler.pool", "trial-7");
                BoundedJob.run(sc.sc(), "pool check", Duration.ofMinutes(1),
                        () -> sc.parallelize(List.of(1, 2), 2).count());
            });
            caller.start();
            caller.join();
            long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (pools.isEmpty() && System.nanoTime() < waitUntil) {
                Thread.sleep(20); // the listener bus delivers asynchronously
            }
            assertEquals(List.of("trial-7"), pools);
        } finally {
            sc.sc().removeSparkListener(listener);
        }
    }

    @Test
    void aTaskFailureArrivesWithTheTasksOwnMessage() {
        BoundedJob.SparkJobException e = assertThrows(BoundedJob.SparkJobException.class,
                () -> BoundedJob.run(sc.sc(), "epoch 1", Duration.ofMinutes(1), () -> sc.parallelize(List.of(1), 1)
                        .map(x -> {
                            throw new IllegalStateException("sample 'a/b.png': boom");
                        }).count()));
        assertTrue(e.getMessage().contains("epoch 1 failed: sample 'a/b.png': boom"), e.getMessage());
    }
}
