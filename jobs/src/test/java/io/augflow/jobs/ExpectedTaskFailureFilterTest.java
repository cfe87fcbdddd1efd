package io.augflow.jobs;

import static io.augflow.jobs.ExpectedTaskFailureFilter.EXECUTOR;
import static io.augflow.jobs.ExpectedTaskFailureFilter.TASK_SET_MANAGER;
import static io.augflow.jobs.ExpectedTaskFailureFilter.isExpectedTaskFailure;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.InvalidSampleException;
import io.augflow.pipeline.output.OutputWriteException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Which of Spark's log lines about a failed task are left to the CLI's one message (the rest stay in the log). */
class ExpectedTaskFailureFilterTest {
    private static final String LOST = "Lost task 0.0 in stage 10.0 (TID 10) (192.0.2.2 executor driver): ";

    @Test
    void theExecutorsReportOfBadDataOrAnUnwritableOutputIsLeftOut() {
        InvalidSampleException data = new InvalidSampleException("a", "cannot decode 3 image bytes");
        assertTrue(isExpectedTaskFailure(EXECUTOR, "Exception in task 0.0 in stage 10.0 (TID 10)", data));
        assertTrue(isExpectedTaskFailure(EXECUTOR, "Exception in task 0.0 in stage 1.0 (TID 1)",
                new RuntimeException("wrapped", data)));
        assertTrue(isExpectedTaskFailure(EXECUTOR, "Exception in task 0.0 in stage 1.0 (TID 1)",
                OutputWriteException.of("/out", new IOException("No space left on device"))));
        assertTrue(isExpectedTaskFailure(TASK_SET_MANAGER, LOST + InvalidSampleException.class.getName()
                + ": sample 'a': cannot decode 3 image bytes\n\tat io.augflow...", null));
    }

    @Test
    void bugsAndEverythingElseStay() {
        assertFalse(isExpectedTaskFailure(EXECUTOR, "Exception in task 0.0 in stage 10.0 (TID 10)",
                new ArithmeticException("/ by zero")));
        assertFalse(isExpectedTaskFailure(EXECUTOR, "Exception in task 0.0 in stage 10.0 (TID 10)", null));
        assertFalse(isExpectedTaskFailure(TASK_SET_MANAGER, LOST + "java.lang.ArithmeticException: / by zero", null));
        assertFalse(isExpectedTaskFailure(TASK_SET_MANAGER, LOST + "io.augflow.NoSuchClass: x", null));
        assertFalse(isExpectedTaskFailure(TASK_SET_MANAGER, "Task 0 in stage 10.0 failed 1 times; aborting job", null));
        assertFalse(isExpectedTaskFailure("io.augflow.pipeline.ingest.IngestJob", "sample 'a': cannot decode",
                new InvalidSampleException("a", "cannot decode")));
    }
}
