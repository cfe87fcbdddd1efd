package io.augflow.train.retrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.DataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a snapshot's ingested files come from (the Spark part is exercised by the retrain job's test). */
class DatasetSnapshotsTest {
    @TempDir
    Path dir;

    @Test
    void theIngestLogWinsAndItsFilesAreMergedSortedAndDistinct() throws Exception {
        Path log = Files.createDirectories(dir.resolve(DatasetSnapshots.INGEST_LOG));
        Files.writeString(log.resolve("batch-0001.json"), "{\"files\": [\"in/b.png\", \"in/a.png\"], \"rows\": 2}");
        Files.writeString(log.resolve("batch-0002.json"), "{\"files\": [{\"path\": \"in/c.png\"}, \"in/a.png\"]}");
        Files.writeString(log.resolve("notes.txt"), "not a batch");
        Files.writeString(dir.resolve("_ingest_summary.json"), "{\"input\": \"landing/\"}");
        assertEquals(List.of("in/a.png", "in/b.png", "in/c.png"),
                DatasetSnapshots.ingestedFiles(dir.toString(), new Configuration()));
    }

    @Test
    void withoutALogTheIngestSummarysInputIsTheOneFile() throws Exception {
        Files.writeString(dir.resolve("_ingest_summary.json"), "{\"input\": \"landing/yolo\", \"rowsIn\": 4}");
        assertEquals(List.of("landing/yolo"), DatasetSnapshots.ingestedFiles(dir.toString(), new Configuration()));
    }

    @Test
    void withNeitherThereAreNoKnownFiles() {
        assertEquals(List.of(), DatasetSnapshots.ingestedFiles(dir.toString(), new Configuration()));
    }

    @Test
    void aBrokenBatchRecordNamesTheFile() throws Exception {
        Path log = Files.createDirectories(dir.resolve(DatasetSnapshots.INGEST_LOG));
        Files.writeString(log.resolve("batch-0001.json"), "{\"files\": [");
        String message = assertThrows(DataException.class,
                () -> DatasetSnapshots.ingestedFiles(dir.toString(), new Configuration())).getMessage();
        assertTrue(message.contains("batch-0001.json is not valid JSON"), message);
    }
}
