package io.augflow.pipeline.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.pipeline.dataset.AtomicOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unwritable targets are found before any work. The target's parent is made a regular file, which stops writes
 * for every user; a read-only folder would not stop root, whom tests often run as.
 */
class OutputPreflightTest {
    @TempDir
    Path dir;

    @Test
    void aFolderUnderARegularFileIsReportedWithItsPath() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        String target = file.resolve("model").toString();
        var e = assertThrows(OutputWriteException.class,
                () -> OutputPreflight.checkWritableFolder(target, new Configuration()));
        assertTrue(e.getMessage().startsWith("cannot write " + target), e.getMessage());
        assertTrue(e.getMessage().contains("a-file"), e.getMessage());
    }

    @Test
    void anAtomicTargetUnderARegularFileFailsItsCheck() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        AtomicOutput out = new AtomicOutput(file.resolve("dataset").toString(), false, new Configuration());
        var e = assertThrows(OutputWriteException.class, out::checkTarget);
        assertTrue(e.getMessage().contains(file + " is a file, not a folder"), e.getMessage());
    }

    @Test
    void aWritableFolderPassesAndKeepsNoProbe() throws IOException {
        Path target = dir.resolve("new/deeper");
        OutputPreflight.checkWritableFolder(target.toString(), new Configuration());
        assertTrue(Files.isDirectory(target), "created, as the job would");
        try (Stream<Path> files = Files.list(target)) {
            assertEquals(0, files.count(), "the probe file is removed");
        }
        new AtomicOutput(dir.resolve("dataset").toString(), false, new Configuration()).checkTarget();
        assertFalse(Files.exists(dir.resolve("dataset")), "an atomic target's check creates nothing at the target");
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".augflow-write-probe")));
        }
    }

    @Test
    void aWriteFailureDeepInsideWrappersIsReportedInTheFileSystemsWords() {
        IOException disk = new IOException("No space left on device");
        RuntimeException spark = new RuntimeException("Job aborted due to stage failure: ...",
                new RuntimeException("Task failed while writing rows", new UncheckedIOException("cannot write x", disk)));
        RuntimeException wrapped = OutputWriteException.wrap("/data/out", spark);
        assertTrue(wrapped instanceof OutputWriteException);
        assertEquals("cannot write /data/out: No space left on device", wrapped.getMessage());
        assertSame(spark, wrapped.getCause(), "the whole chain is kept for the stack trace");

        RuntimeException notIo = new IllegalStateException("counts differ");
        assertSame(notIo, OutputWriteException.wrap("/data/out", notIo), "other failures pass unchanged");
    }
}
