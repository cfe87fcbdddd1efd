package io.augflow.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
    @TempDir
    Path dir;

    private CheckpointStore store() {
        return new CheckpointStore(dir.toString(), new Configuration());
    }

    private static CheckpointStore.ModelWriter bytes(String content) {
        return out -> out.write(content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theNewestGoodCheckpointWins() throws IOException {
        store().save(0, 7, "cfg", bytes("model of epoch 0"));
        store().save(1, 7, "cfg", bytes("model of epoch 1"));
        var latest = store().latestGood().orElseThrow();
        assertEquals(1, latest.info().epoch());
        assertEquals(7, latest.info().planSeed());
        assertEquals("cfg", latest.info().configHash());
        assertArrayEquals("model of epoch 1".getBytes(StandardCharsets.UTF_8),
                Files.readAllBytes(Path.of(java.net.URI.create(latest.modelPath()).getPath())));
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".tmp-")), "no temporary folder left");
        }
    }

    @Test
    void aTruncatedCheckpointIsDetectedAndThePreviousOneUsed() throws IOException {
        store().save(0, 7, "cfg", bytes("model of epoch 0"));
        store().save(1, 7, "cfg", bytes("model of epoch 1, a longer one"));
        Path newest = dir.resolve("epoch-0001").resolve(CheckpointStore.MODEL);
        Files.write(newest, "model of ep".getBytes(StandardCharsets.UTF_8)); // truncated by a crash or a full disk
        var latest = store().latestGood().orElseThrow();
        assertEquals(0, latest.info().epoch(), "the checksum rejects the truncated model");
    }

    @Test
    void aCheckpointWithoutItsRecordIsSkipped() throws IOException {
        store().save(0, 7, "cfg", bytes("zero"));
        store().save(1, 7, "cfg", bytes("one"));
        Files.delete(dir.resolve("epoch-0001").resolve(CheckpointStore.INFO));
        assertEquals(0, store().latestGood().orElseThrow().info().epoch());
    }

    @Test
    void noCheckpointsMeansNone() {
        assertFalse(store().latestGood().isPresent());
        store().save(0, 1, "c", bytes("x"));
        assertTrue(store().latestGood().isPresent());
    }

    @Test
    void aFailedWriteLeavesNoCheckpoint() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(java.io.UncheckedIOException.class,
                () -> store().save(3, 1, "c", out -> {
                    out.write(1);
                    throw new IOException("disk full");
                }));
        assertTrue(e.getMessage().contains("epoch 3"), e.getMessage());
        assertFalse(store().latestGood().isPresent());
        assertFalse(Files.exists(dir.resolve("epoch-0003")));
    }

    @Test
    void sideFilesTravelWithTheirCheckpoint() throws IOException {
        store().save(0, 7, "cfg", bytes("model"), java.util.Map.of("history.json", bytes("[0]")));
        store().save(1, 7, "cfg", bytes("model"), java.util.Map.of("history.json", bytes("[0, 1]")));
        var latest = store().latestGood().orElseThrow();
        assertEquals("[0, 1]", Files.readString(Path.of(java.net.URI.create(latest.sideFile("history.json")).getPath())));
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> store().save(2, 7, "cfg", bytes("m"), java.util.Map.of(CheckpointStore.MODEL, bytes("x"))));
        assertTrue(e.getMessage().contains("side file name"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("epoch-0002")), "a refused save leaves nothing");
    }

    @Test
    void incompleteCheckpointsOfAKilledRunAreRemovedAndIgnored() throws IOException {
        store().save(0, 7, "cfg", bytes("zero"));
        Path leftover = Files.createDirectories(dir.resolve(".epoch-0001.tmp-0c0ffee"));
        Files.writeString(leftover.resolve(CheckpointStore.MODEL), "half a mod");
        assertEquals(0, store().latestGood().orElseThrow().info().epoch(), "a temporary folder is never a checkpoint");
        assertEquals(1, store().discardIncomplete());
        assertFalse(Files.exists(leftover));
        assertTrue(Files.exists(dir.resolve("epoch-0000")), "complete checkpoints are kept");
        assertEquals(0, store().discardIncomplete());
    }

    @Test
    void aFreshRunRemovesAnEarlierRunsCheckpoints() throws IOException {
        store().save(0, 7, "cfg", bytes("zero"));
        store().save(1, 7, "cfg", bytes("one"));
        Files.createDirectories(dir.resolve(".epoch-0002.tmp-0c0ffee"));
        assertEquals(2, store().discardAll());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count(), "nothing of the earlier run is left");
        }
        assertTrue(store().latestGood().isEmpty());
        assertEquals(0, store().discardAll());
    }
}
