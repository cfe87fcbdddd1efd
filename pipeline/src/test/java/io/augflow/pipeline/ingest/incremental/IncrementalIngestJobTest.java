package io.augflow.pipeline.ingest.incremental;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augflow.augment.Box;
import io.augflow.augment.DataException;
import io.augflow.augment.OpenCv;
import io.augflow.pipeline.dataset.DatasetReader;
import io.augflow.pipeline.dataset.SampleRows;
import io.augflow.pipeline.ingest.IngestConf;
import io.augflow.pipeline.ingest.IngestJob;
import io.augflow.pipeline.ingest.IngestLayout;
import io.augflow.pipeline.stats.QuarantineCounts;
import io.augflow.pipeline.stream.DatasetShards;
import io.augflow.pipeline.stream.Shard;
import io.augflow.pipeline.stream.ShardReader;
import io.augflow.pipeline.stream.SourceRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Incremental ingest end to end on local[2]: appends across runs, reruns that add nothing, crashes at every commit
 * step repaired by the rerun, the batch ingest's quarantine reasons, and the three layouts.
 */
class IncrementalIngestJobTest {
    private static SparkSession spark;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        OpenCv.load();
        spark = SparkSession.builder().master("local[2]").appName("IncrementalIngestJobTest")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
                // the file source compacts its log every 10 batches by default; every 2nd here, so the tests with
                // several batches also read batches back from compacted logs
                .config("spark.sql.streaming.fileSource.log.compactInterval", "2").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Thrown by the fault hook: a crash between two commit steps. */
    static final class InjectedCrash extends RuntimeException {
        InjectedCrash(CommitHook.Step step, long batchId) {
            super("injected crash at " + step + " of batch " + batchId);
        }
    }

    static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] png(int width, int height, long seed) {
        Mat m = new Mat(height, width, CvType.CV_8UC3);
        Core.setRNGSeed((int) seed);
        Core.randu(m, 0, 256);
        MatOfByte out = new MatOfByte();
        Imgcodecs.imencode(".png", m, out);
        return out.toArray();
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SplittableRandom(n).nextBytes(b);
        b[0] = 0x42; // not "BM", not a PNG/JPEG signature
        b[1] = 0x00;
        return b;
    }

    /** Lands image files {@code <class>/<name>.png} (distinct pixels each). */
    private static void land(Path landing, String... relatives) {
        for (String r : relatives) {
            write(landing.resolve(r), png(8 + r.length() % 5, 6, r.hashCode()));
        }
    }

    private static IncrementalIngestConf conf(Path landing, Path dataset) {
        return new IncrementalIngestConf(IngestConf.builder(landing.toString(), dataset.toString()).build(), "", 0);
    }

    private static IncrementalIngestResult run(IncrementalIngestConf conf) {
        return IncrementalIngestJob.run(spark, conf);
    }

    private static List<String> ids(Path dataset) {
        return DatasetReader.read(spark, dataset.toString()).select("id").collectAsList().stream()
                .map(r -> r.getString(0)).sorted().toList();
    }

    private static Map<String, String> quarantine(Path dataset) {
        return spark.read().parquet(dataset + IngestJob.QUARANTINE_SUFFIX).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(r.fieldIndex("id")), r -> r.getString(r.fieldIndex("reason"))));
    }

    private static JsonNode json(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertCountsAddUp(IncrementalIngestResult r) {
        assertEquals(r.rowsIn(), r.rowsWritten() + r.rowsQuarantined(), r.describe());
        for (IngestLogEntry b : r.batches()) {
            assertEquals(b.rowsIn(), b.rowsWritten() + b.rowsQuarantined());
        }
    }

    @Test
    void appendsExactlyTheNewFilesOnceAcrossRuns() throws IOException {
        Path landing = tmp.resolve("landing");
        Path dataset = tmp.resolve("out/ds");
        land(landing, "cat/a.png", "cat/b.png", "dog/c.png");
        IncrementalIngestConf conf = conf(landing, dataset);

        IncrementalIngestResult first = run(conf);
        assertEquals(1, first.batches().size());
        assertEquals(3, first.filesSeen());
        assertEquals(3, first.rowsWritten());
        assertEquals(3, first.datasetRows());
        assertEquals(List.of("cat", "dog"), DatasetReader.readMetadata(spark, dataset.toString()).classes());
        assertEquals(List.of("cat/a", "cat/b", "dog/c"), ids(dataset));

        IncrementalIngestResult again = run(conf);
        assertTrue(again.nothingNew(), again.describe());
        assertTrue(again.describe().contains("nothing new"), again.describe());
        assertEquals(3, again.datasetRows());

        land(landing, "dog/d.png", "cat/e.png");
        IncrementalIngestResult third = run(new IncrementalIngestConf(conf.ingest(), "", 1)); // one file per batch
        assertEquals(2, third.filesSeen());
        assertEquals(List.of(1L, 2L), third.batches().stream().map(IngestLogEntry::batchId).toList());
        assertEquals(2, third.rowsWritten());
        assertEquals(5, third.datasetRows());
        assertCountsAddUp(third);
        assertTrue(third.describe().contains("2 new files in 2 batches, 2 rows written, 0 quarantined"),
                third.describe());
        assertEquals(List.of("cat/a", "cat/b", "cat/e", "dog/c", "dog/d"), ids(dataset));

        // the markers name every landed file once, and the dataset reads back through the training stream's shards
        List<IngestLogEntry> log = new IngestLog(dataset.toString(), spark.sparkContext().hadoopConfiguration())
                .readAll();
        assertEquals(3, log.size());
        List<String> logged = log.stream().flatMap(e -> e.files().stream()).map(f -> f.substring(f.indexOf(':') + 1))
                .sorted().toList();
        try (Stream<Path> files = Files.walk(landing)) {
            assertEquals(files.filter(Files::isRegularFile).map(Path::toString).sorted().toList(), logged);
        }
        assertTrue(Files.exists(dataset.resolve("_ingest_log/batch-0.json")));
        List<Shard> shards = DatasetShards.list(spark, dataset.toString(), 2);
        assertEquals(5, shards.stream().mapToInt(Shard::rowCount).sum());
        List<String> shardIds = new ArrayList<>();
        for (Shard s : shards) {
            ShardReader.read(s, spark.sparkContext().hadoopConfiguration()).stream().map(SourceRow::id)
                    .forEach(shardIds::add);
        }
        assertEquals(ids(dataset), shardIds.stream().sorted().toList());
        try (Stream<Path> names = Files.list(dataset)) {
            assertEquals(List.of("_classes.json", "_ingest_log", "_ingest_summary.json"), names
                    .map(p -> p.getFileName().toString()).filter(n -> n.startsWith("_")).sorted().toList(),
                    "no temporary folder left");
        }

        JsonNode summary = json(dataset.resolve("_ingest_summary.json"));
        assertEquals(5, summary.path("rowsIn").asLong());
        assertEquals(5, summary.path("rowsWritten").asLong());
        assertEquals(3, summary.path(IncrementalSummary.LOG_BATCHES).asInt());
        QuarantineCounts counts = QuarantineCounts.read(dataset.toString(), spark.sparkContext().hadoopConfiguration());
        assertEquals(5, counts.written(), "the statistics read the totals as before");

        // the log belongs to this checkpoint: another one is refused before a stream starts
        Path otherCheckpoint = tmp.resolve("other-checkpoint");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(new IncrementalIngestConf(conf.ingest(), otherCheckpoint.toString(), 0)));
        assertTrue(e.getMessage().contains("one checkpoint") && e.getMessage().contains("is new"), e.getMessage());
        assertFalse(Files.exists(otherCheckpoint));
    }

    @Test
    void badFilesGetTheBatchIngestVerdicts() {
        Path landing = tmp.resolve("landing");
        Path dataset = tmp.resolve("ds");
        land(landing, "cat/a.png", "dog/b.png");
        IncrementalIngestConf conf = conf(landing, dataset);
        assertEquals(2, run(conf).rowsWritten());

        write(landing.resolve("cat/empty.png"), new byte[0]);
        write(landing.resolve("cat/corrupt.png"), randomBytes(300));
        byte[] whole = png(30, 30, 4);
        write(landing.resolve("dog/truncated.png"), java.util.Arrays.copyOf(whole, whole.length / 2));
        land(landing, "bird/x.png"); // a class the dataset does not have
        write(landing.resolve("cat/a.jpg"), png(5, 5, 9)); // id cat/a is already in the dataset
        land(landing, "dog/good.png");
        write(landing.resolve("dog/twin.png"), png(6, 6, 1));
        write(landing.resolve("dog/twin.jpg"), png(6, 6, 2)); // same id twice in one batch
        IncrementalIngestResult r = run(conf);

        assertEquals(8, r.filesSeen(), "the zero-byte file is seen, not lost");
        assertEquals(8, r.rowsIn());
        assertEquals(2, r.rowsWritten());
        assertEquals(Map.of("EMPTY_FILE", 1L, "UNDECODABLE", 2L, "UNKNOWN_LABEL", 1L, "DUPLICATE_ID", 2L),
                r.quarantinedByReason());
        assertCountsAddUp(r);
        Map<String, String> q = quarantine(dataset);
        assertEquals("EMPTY_FILE", q.get("cat/empty"));
        assertEquals("UNDECODABLE", q.get("cat/corrupt"));
        assertEquals("UNDECODABLE", q.get("dog/truncated"));
        assertEquals("UNKNOWN_LABEL", q.get("bird/x"));
        assertEquals("DUPLICATE_ID", q.get("cat/a"));
        assertEquals("DUPLICATE_ID", q.get("dog/twin"));
        String existingDetail = spark.read().parquet(dataset + IngestJob.QUARANTINE_SUFFIX)
                .filter("id = 'cat/a'").first().getString(3);
        assertTrue(existingDetail.contains("already in the dataset"), existingDetail);
        assertEquals(List.of("cat/a", "dog/b", "dog/good", "dog/twin"), ids(dataset));
        assertEquals(List.of("cat", "dog"), DatasetReader.readMetadata(spark, dataset.toString()).classes(),
                "classes are fixed after the first run");
        assertEquals(4, r.datasetRows());
    }

    /**
     * A crash at each step of a batch's commit, then more files landing, then a rerun: every file ends up exactly once
     * in the dataset or the quarantine, none missing.
     */
    @ParameterizedTest
    @EnumSource(value = CommitHook.Step.class, names = {"MOVED", "LOGGED"})
    void aCrashAtAnyCommitStepIsRepairedByTheRerun(CommitHook.Step crashAt) {
        Path landing = tmp.resolve("landing");
        Path dataset = tmp.resolve("ds");
        land(landing, "cat/1.png", "cat/2.png", "dog/3.png", "dog/4.png");
        write(landing.resolve("dog/empty.png"), new byte[0]);
        IncrementalIngestConf conf = conf(landing, dataset);
        CommitHook crash = (step, batchId) -> {
            if (step == crashAt) {
                throw new InjectedCrash(step, batchId);
            }
        };
        InjectedCrash e = assertThrows(InjectedCrash.class, () -> IncrementalIngestJob.run(spark, conf, crash));
        assertTrue(e.getMessage().contains(crashAt.name()), e.getMessage());
        boolean committed = crashAt == CommitHook.Step.LOGGED;
        assertEquals(committed, Files.exists(dataset.resolve("_ingest_log/batch-0.json")));

        land(landing, "cat/5.png");
        IncrementalIngestResult rerun = run(conf);
        assertEquals(committed ? 1 : 0, rerun.alreadyCommitted());
        assertEquals(committed ? 1 : 6, rerun.filesSeen(), rerun.describe());
        assertCountsAddUp(rerun);
        assertEquals(List.of("cat/1", "cat/2", "cat/5", "dog/3", "dog/4"), ids(dataset), "each file exactly once");
        assertEquals(Map.of("dog/empty", "EMPTY_FILE"), quarantine(dataset));
        assertEquals(5, rerun.datasetRows());
        List<IngestLogEntry> log = new IngestLog(dataset.toString(), spark.sparkContext().hadoopConfiguration())
                .readAll();
        assertEquals(6, log.stream().mapToLong(IngestLogEntry::rowsIn).sum());
        assertEquals(6, log.stream().mapToLong(l -> l.files().size()).sum());
        assertTrue(run(conf).nothingNew());
    }

    /**
     * The same repair after a real kill: a child JVM halts (no clean-up of any kind) after moving its files into the
     * dataset, before the marker.
     */
    @Test
    void aJvmKilledMidCommitIsRepairedByTheRerun() throws Exception {
        Path landing = tmp.resolve("landing");
        Path dataset = tmp.resolve("ds");
        land(landing, "cat/1.png", "cat/2.png", "dog/3.png");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // a short-lived JVM: C1 only and the serial collector start Spark faster on a busy machine
        command.addAll(List.of("-Xmx768m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-exports")).forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), HaltingIngestMain.class.getName(),
                landing.toString(), dataset.toString(), CommitHook.Step.MOVED.name(), "137"));
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile()).start();
        assertTrue(child.waitFor(5, java.util.concurrent.TimeUnit.MINUTES), "the child JVM ends");
        assertEquals(137, child.exitValue(), () -> "the child halted at MOVED; its log:\n" + readLog(tmp));
        assertFalse(Files.exists(dataset.resolve("_ingest_log/batch-0.json")), "killed before the marker");
        try (Stream<Path> moved = Files.list(dataset)) {
            assertTrue(moved.anyMatch(p -> p.getFileName().toString().startsWith("batch-0-")),
                    "killed after the move: uncommitted files are in the dataset");
        }

        IncrementalIngestResult rerun = run(conf(landing, dataset));
        assertEquals(3, rerun.filesSeen());
        assertEquals(List.of("cat/1", "cat/2", "dog/3"), ids(dataset), "each file exactly once");
        assertEquals(3, rerun.datasetRows());
    }

    private static String readLog(Path dir) {
        try {
            return Files.readString(dir.resolve("child.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Test
    void yoloLabelsAreReadWithTheirImages() {
        Path landing = tmp.resolve("yolo");
        Path dataset = tmp.resolve("det");
        write(landing.resolve("classes.txt"), "person\ncar\n".getBytes());
        write(landing.resolve("labels/train/a.txt"), "0 0.5 0.5 0.5 0.5\n1 0.25 0.25 0.5 0.5\n".getBytes());
        write(landing.resolve("images/train/a.png"), png(20, 10, 1));
        write(landing.resolve("images/train/background.png"), png(20, 10, 2));
        write(landing.resolve("labels/val/bad.txt"), "0 0.5 0.5\n".getBytes());
        write(landing.resolve("images/val/bad.png"), png(20, 10, 3));
        write(landing.resolve("labels/train/orphan.txt"), "0 0.5 0.5 0.1 0.1\n".getBytes());
        IncrementalIngestConf conf = new IncrementalIngestConf(IngestConf.builder(landing.toString(),
                dataset.toString()).layout(IngestLayout.YOLO).build(), "", 0);

        IncrementalIngestResult first = run(conf);
        assertEquals(3, first.filesSeen(), "images arrive; label files are read with them");
        assertEquals(2, first.rowsWritten());
        assertEquals(Map.of("BAD_BOX", 1L), first.quarantinedByReason());
        assertEquals(List.of("person", "car"), DatasetReader.readMetadata(spark, dataset.toString()).classes());

        write(landing.resolve("labels/train/b.txt"), "1 0.5 0.5 0.2 0.2\n".getBytes());
        write(landing.resolve("images/train/b.png"), png(20, 10, 4));
        write(landing.resolve("labels/train/background.txt"), "0 0.5 0.5 0.2 0.2\n".getBytes()); // too late
        IncrementalIngestResult second = run(conf);
        assertEquals(1, second.filesSeen());
        assertEquals(1, second.rowsWritten());

        Map<String, Row> rows = DatasetReader.read(spark, dataset.toString()).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r));
        assertEquals(new TreeSet<>(List.of("train/a", "train/b", "train/background")), new TreeSet<>(rows.keySet()));
        assertEquals(List.of(new Box(0, 5, 2.5f, 10, 5), new Box(1, 0, 0, 10, 5)), SampleRows.boxes(rows.get("train/a")));
        assertEquals(List.of(new Box(1, 8, 4, 4, 2)), SampleRows.boxes(rows.get("train/b")));
        assertEquals(List.of(), SampleRows.boxes(rows.get("train/background")),
                "a label landing after its image was taken is not read");
        assertEquals("train", rows.get("train/b").getString(7));
        assertEquals("BAD_BOX", quarantine(dataset).get("val/bad"));
    }

    @Test
    void cocoJsonsAreAppendedByCategoryName() {
        Path landing = tmp.resolve("coco");
        Path dataset = tmp.resolve("coco-ds");
        write(landing.resolve("a.png"), png(20, 20, 1));
        write(landing.resolve("b.png"), png(20, 20, 2));
        write(landing.resolve("first.json"), """
                {"categories": [{"id": 1, "name": "cat"}, {"id": 2, "name": "dog"}],
                 "images": [{"id": 1, "file_name": "a.png"}, {"id": 2, "file_name": "b.png"}],
                 "annotations": [{"id": 1, "image_id": 1, "category_id": 2, "bbox": [1, 2, 3, 4]}]}
                """.getBytes());
        IncrementalIngestConf conf = new IncrementalIngestConf(IngestConf.builder(landing.toString(),
                dataset.toString()).layout(IngestLayout.COCO).build(), "", 0);
        IncrementalIngestResult first = run(conf);
        assertEquals(1, first.filesSeen(), "the JSON is the arrival file, its images are read with it");
        assertEquals(2, first.rowsWritten());
        assertEquals(List.of("cat", "dog"), DatasetReader.readMetadata(spark, dataset.toString()).classes());

        write(landing.resolve("c.png"), png(20, 20, 3));
        write(landing.resolve("d.png"), png(20, 20, 4));
        write(landing.resolve("second.json"), """
                {"categories": [{"id": 5, "name": "dog"}, {"id": 9, "name": "bird"}],
                 "images": [{"id": 1, "file_name": "c.png"}, {"id": 2, "file_name": "d.png"},
                            {"id": 3, "file_name": "gone.png"}],
                 "annotations": [{"id": 1, "image_id": 1, "category_id": 5, "bbox": [0, 0, 5, 5]},
                                 {"id": 2, "image_id": 2, "category_id": 9, "bbox": [0, 0, 5, 5]}]}
                """.getBytes());
        write(landing.resolve("broken.json"), "{\"images\": [".getBytes());
        IncrementalIngestResult second = run(conf);
        assertEquals(2, second.filesSeen());
        assertEquals(4, second.rowsIn(), "three entries and one unreadable JSON");
        assertEquals(1, second.rowsWritten());
        assertEquals(Map.of("MISSING_FILE", 1L, "UNKNOWN_LABEL", 1L, "UNDECODABLE", 1L), second.quarantinedByReason());
        assertCountsAddUp(second);
        Row c = DatasetReader.read(spark, dataset.toString()).filter("id = 'c'").first();
        assertEquals(List.of(new Box(1, 0, 0, 5, 5)), SampleRows.boxes(c), "dog is class 1 whatever the JSON's id");
        Map<String, String> q = quarantine(dataset);
        assertEquals("UNKNOWN_LABEL", q.get("d"));
        assertEquals("MISSING_FILE", q.get("gone"));
        assertEquals("UNDECODABLE", q.get("broken.json"));
    }

    @Test
    void aOneShotDatasetIsAppendedToAndItsTotalsKept() {
        Path landing = tmp.resolve("landing");
        Path dataset = tmp.resolve("ds");
        land(landing, "cat/a.png", "dog/b.png", "dog/c.png");
        IngestJob.run(spark, IngestConf.builder(landing.toString(), dataset.toString()).build());

        // the checkpoint is new, so every landed file is taken again: each is already in the dataset
        IncrementalIngestResult again = run(conf(landing, dataset));
        assertEquals(3, again.filesSeen());
        assertEquals(0, again.rowsWritten());
        assertEquals(Map.of("DUPLICATE_ID", 3L), again.quarantinedByReason());
        land(landing, "cat/d.png");
        IncrementalIngestResult next = run(conf(landing, dataset));
        assertEquals(1, next.rowsWritten());
        assertEquals(List.of("cat/a", "cat/d", "dog/b", "dog/c"), ids(dataset));

        JsonNode summary = json(dataset.resolve("_ingest_summary.json"));
        assertEquals(7, summary.path("rowsIn").asLong(), "one-shot 3 + batches 3 + 1");
        assertEquals(4, summary.path("rowsWritten").asLong());
        assertEquals(3, summary.path("quarantinedByReason").path("DUPLICATE_ID").asLong());
        assertEquals(3, summary.path(IncrementalSummary.ONE_SHOT).path("rowsWritten").asLong());
    }

    @Test
    void idxBadPlacesAndAnEmptyLandingStartNoStream() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty-landing"));
        IncrementalIngestResult none = run(conf(empty, tmp.resolve("empty-ds")));
        assertTrue(none.nothingNew(), none.describe());
        assertFalse(Files.exists(tmp.resolve("empty-ds")), "no dataset without a file");


        Path idx = tmp.resolve("mnist");
        write(idx.resolve("train-images-idx3-ubyte"), new byte[16]);
        write(idx.resolve("train-labels-idx1-ubyte"), new byte[8]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(conf(idx, tmp.resolve("mnist-ds"))));
        assertTrue(e.getMessage().contains("idx") && e.getMessage().contains("without --incremental"), e.getMessage());

        Path landing = tmp.resolve("landing");
        land(landing, "cat/a.png");
        IllegalArgumentException inside = assertThrows(IllegalArgumentException.class,
                () -> conf(landing, landing.resolve("ds")));
        assertTrue(inside.getMessage().contains("outside the landing folder"), inside.getMessage());
        Path notADataset = tmp.resolve("photos");
        write(notADataset.resolve("holiday.png"), png(4, 4, 1));
        IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class,
                () -> run(conf(landing, notADataset)));
        assertTrue(foreign.getMessage().contains("not an augflow dataset"), foreign.getMessage());
        DataException missing = assertThrows(DataException.class,
                () -> run(conf(tmp.resolve("nowhere"), tmp.resolve("ds"))));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }
}
