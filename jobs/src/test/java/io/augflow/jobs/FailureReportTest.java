package io.augflow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.augflow.augment.DataException;
import io.augflow.augment.InvalidSampleException;
import io.augflow.jobs.FailureReport.Kind;
import io.augflow.pipeline.dataset.CorruptDatasetException;
import io.augflow.pipeline.ingest.IngestFailedException;
import io.augflow.pipeline.output.OutputWriteException;
import io.augflow.train.backend.GpuUnavailableException;
import io.augflow.train.registry.ChampionUnchangedException;
import io.augflow.train.registry.RegistryLockedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The mapping of failures to kinds, exit codes and messages, cause chains included. */
class FailureReportTest {

    @Test
    void eachKindHasItsExitCode() {
        assertReport(Kind.DATA, 3, "bad row", new DataException("bad row"));
        assertReport(Kind.DATA, 3, "sample 'a': image is empty", new InvalidSampleException("a", "image is empty"));
        assertReport(Kind.DATA, 3, "2 of 4 files unreadable", new CorruptDatasetException("2 of 4 files unreadable",
                List.of()));
        assertReport(Kind.DATA, 3, "quarantined 25% > 5%", new IngestFailedException("quarantined 25% > 5%"));
        assertReport(Kind.CONFIGURATION, 2, "seed must be >= 0, got -1", new IllegalArgumentException(
                "seed must be >= 0, got -1"));
        assertReport(Kind.LOCKED, 4, "locked by 'retrain'", new RegistryLockedException("locked by 'retrain'"));
        assertReport(Kind.GPU, 2, "GPU 0 was asked for, but ND4J runs its CPU backend",
                new GpuUnavailableException("GPU 0 was asked for, but ND4J runs its CPU backend"));
        assertReport(Kind.NOTHING_TO_DO, 4, "v0001 is already the champion",
                new ChampionUnchangedException("v0001 is already the champion"));
        assertReport(Kind.OUTPUT, 1, "cannot write /out: No space left on device",
                OutputWriteException.of("/out", new IOException("No space left on device")));
        assertReport(Kind.TIMEOUT, 1, "epoch 2, averaging round 3 of 9 did not finish within 15 minutes",
                new IllegalStateException("training failed", new io.augflow.pipeline.spark.BoundedJob.JobTimeoutException(
                        "epoch 2, averaging round 3 of 9 did not finish within 15 minutes", null)));
        assertReport(Kind.UNEXPECTED, 1, "NullPointerException", new NullPointerException());
        assertReport(Kind.UNEXPECTED, 1, "IllegalStateException: counts differ",
                new IllegalStateException("counts differ\nsecond line"));
    }

    @Test
    void aConfigurationLibraryErrorIsAConfigurationError() {
        var e = assertThrows(com.typesafe.config.ConfigException.class,
                () -> ConfigFactory.parseString("images = many").getInt("images"));
        FailureReport report = FailureReport.of(e);
        assertEquals(Kind.CONFIGURATION, report.kind());
        assertTrue(report.message().contains("images"), report.message());
    }

    @Test
    void onlyTheExpectedKindsGoWithoutAStackTrace() {
        for (Kind kind : Kind.values()) {
            assertEquals(kind != Kind.UNEXPECTED, kind.expected(), kind.name());
        }
        FailureReport data = FailureReport.of(new DataException("dataset /d has no _classes.json"));
        assertEquals(List.of("augflow train: data error: dataset /d has no _classes.json",
                "  fix or replace the input named above, then run again (--verbose prints the stack trace)"),
                data.lines("augflow train", false));
        assertFalse(data.lines("augflow train", true).get(1).contains("--verbose"), "the trace follows already");
    }

    @Test
    void theInnermostDataProblemWinsOverItsWrappers() {
        InvalidSampleException sample = new InvalidSampleException("cats/0042", "cannot decode 12 image bytes");
        SparkException spark = new SparkException("Job aborted due to stage failure: Task 0 in stage 3.0 failed 1"
                + " times, most recent failure: ... \n\tat ...", sample);
        assertReport(Kind.DATA, 3, sample.getMessage(), spark);
        // a job rethrowing Spark's checked exception, and an output wrapper that found an IOException further down
        assertReport(Kind.DATA, 3, sample.getMessage(), new RuntimeException(spark.getMessage(), spark));
        DataException unreadable = new DataException("cannot read /d/_classes.json: Input/output error",
                new IOException("Input/output error"));
        assertReport(Kind.DATA, 3, unreadable.getMessage(), OutputWriteException.wrap("/out",
                new SparkException("Job aborted", unreadable)));
        DataException outer = new DataException("dataset /d: a bad row", sample);
        assertReport(Kind.DATA, 3, sample.getMessage(), outer);
    }

    @Test
    void aWrappedConfigurationErrorCountsButOneCausingAnotherFailureDoesNot() {
        IllegalArgumentException bad = new IllegalArgumentException("to-tensor has 3 mean values but sample 'a' has 1"
                + " channel");
        assertReport(Kind.CONFIGURATION, 2, bad.getMessage(), new SparkException("Job aborted", bad));
        assertReport(Kind.CONFIGURATION, 2, bad.getMessage(), new ExecutionException(bad));
        assertReport(Kind.UNEXPECTED, 1, "UncheckedIOException: cannot list /d",
                new UncheckedIOException("cannot list /d", new IOException(bad)));
        // a bug that Spark carried back from an executor is reported as the bug, not as Spark's message
        assertReport(Kind.UNEXPECTED, 1, "ArithmeticException: / by zero",
                new SparkException("Job aborted due to stage failure", new ArithmeticException("/ by zero")));
    }

    @Test
    void lockedAndOutputFailuresAreFoundInsideWrappers() {
        assertReport(Kind.LOCKED, 4, "locked", new RuntimeException("run failed",
                new RegistryLockedException("locked")));
        assertReport(Kind.OUTPUT, 1, "cannot write /m: Permission denied",
                new SparkException("Job aborted", OutputWriteException.of("/m", new IOException("Permission denied"))));
    }

    @Test
    void aCauseChainThatLoopsEnds() {
        Exception a = new Exception("a");
        Exception b = new Exception("b", a);
        a.initCause(b);
        assertEquals(Kind.UNEXPECTED, FailureReport.of(a).kind());
        assertEquals(2, FailureReport.chain(a).size());
    }

    /** A real Spark job: the executor's exception comes back as the cause of Spark's own checked exception. */
    @Test
    void aDataExceptionThrownOnAnExecutorIsFoundInsideSparksWrapping() {
        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
                .getOrCreate();
        try {
            Exception thrown = assertThrows(Exception.class, () -> JavaSparkContext.fromSparkContext(
                    spark.sparkContext()).parallelize(List.of(1, 2, 3), 1).foreach(i -> {
                        if (i == 2) {
                            throw new InvalidSampleException("cats/0042.jpg", "cannot decode 12 image bytes (source"
                                    + " data/cats/0042.jpg)");
                        }
                    }));
            assertTrue(thrown instanceof SparkException && thrown.getMessage().startsWith("Job aborted"),
                    "Spark's own wrapping: " + thrown);
            assertReport(Kind.DATA, 3, "sample 'cats/0042.jpg': cannot decode 12 image bytes (source"
                    + " data/cats/0042.jpg)", thrown);
        } finally {
            spark.stop();
        }
    }

    private static void assertReport(Kind kind, int exitCode, String message, Throwable failure) {
        FailureReport report = FailureReport.of(failure);
        assertEquals(kind, report.kind(), failure.toString());
        assertEquals(exitCode, report.exitCode(), failure.toString());
        assertEquals(message, report.message(), failure.toString());
    }

    @Test
    void aGpuRefusedOnAnExecutorIsReportedWithItsReason() {
        String reason = "GPU 3 (from Spark (spark.task.resource.gpu.amount=1)) is not in CUDA_VISIBLE_DEVICES='0,1'";
        Throwable failure = new io.augflow.pipeline.spark.BoundedJob.SparkJobException("epoch 1, round 1 failed",
                new SparkException("Job aborted due to stage failure: ...", new GpuUnavailableException(reason)));
        FailureReport report = FailureReport.of(failure);
        assertEquals(Kind.GPU, report.kind());
        assertEquals(2, report.exitCode());
        assertEquals(reason, report.message());
        assertTrue(report.kind().expected(), "no stack trace: an expected failure");
    }
}
