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
    void aTaskFailureArrivesWithTheTasksOwnMessage() {
        BoundedJob.SparkJobException e = assertThrows(BoundedJob.SparkJobException.class,
                () -> BoundedJob.run(sc.sc(), "epoch 1", Duration.ofMinutes(1), () -> sc.parallelize(List.of(1), 1)
                        .map(x -> {
                            throw new IllegalStateException("sample 'a/b.png': boom");
                        }).count()));
        assertTrue(e.getMessage().contains("epoch 1 failed: sample 'a/b.png': boom"), e.getMessage());
    }
}
